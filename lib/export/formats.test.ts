import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, type ExportChoices } from '@/lib/export';
import { sourceOf } from './test-helpers';

const CHOICES: ExportChoices = { bom: true, includeDeleted: false, jsonFormat: 'json' };

describe('the export format registry', () => {
  it('has one button label per format, CSV and JSON first as the automation contract names them', () => {
    const labels = EXPORT_FORMATS.map((f) => f.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.slice(0, 2)).toEqual(['CSV', 'JSON']);
  });

  it.each(EXPORT_FORMATS.map((f) => [f.label, f] as const))('%s builds a non-empty file from a table and names its extension', async (_label, format) => {
    const table = { name: 'things', source: sourceOf([{ id: '1', n: 'a' }], [{ id: '2', n: 'b' }]), primaryKey: ['id'] };
    const blob = await format.build(table, CHOICES);
    expect(blob.size).toBeGreaterThan(0);
    expect(format.extension(CHOICES)).toMatch(/^[a-z0-9]+$/);
    expect(format.title('things', CHOICES)).toContain('things');
  });

  it('JSON follows the NDJSON choice in its extension', () => {
    const json = EXPORT_FORMATS.find((f) => f.label === 'JSON')!;
    expect(json.extension({ ...CHOICES, jsonFormat: 'ndjson' })).toBe('ndjson');
  });
});
