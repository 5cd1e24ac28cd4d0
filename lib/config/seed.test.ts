import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configSecrets } from './secrets';
import { parseConfigText } from './parse';
import { translateSeedDialect } from './seed-dialect';
import type { ConfigIssue } from './types';

const SEED_FILE = fileURLToPath(new URL('../../../shared/seed/000_197f0376c8f132e6.txt', import.meta.url));
const SEED_TOKEN = 'seed-secret-token-4f9c2a';

/** The `{...}` argument of the seed's `rest_api_source(...)` call, as JSON with a literal token. */
function seedConfigText(): string {
  const text = readFileSync(SEED_FILE, 'utf8');
  const start = text.indexOf('rest_api_source({') + 'rest_api_source('.length;
  const end = text.indexOf('\n})', start) + 2;
  return text.slice(start, end).replace('dlt.secrets["api_key"]', JSON.stringify(SEED_TOKEN));
}

const messages = (issues: ConfigIssue[]) => issues.map((i) => `${i.path}: ${i.message}`);

describe('the seed config', () => {
  const text = seedConfigText();
  const result = parseConfigText(text);

  it('is accepted', () => {
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.ok && result.source.resources).toHaveLength(24);
  });

  it('reports each translation once, where it happened', () => {
    const all = messages(result.warnings);
    expect(all.filter((m) => m.startsWith('client.auth: bearer auth takes "token"'))).toHaveLength(1);
    expect(all.filter((m) => m.includes('takes no limit_param/limit; moved them to the request param'))).toHaveLength(23);
    expect(all).toContain(
      'resources[0] (users).endpoint.paginator: the page_number paginator takes no limit_param/limit; moved them to the request param page_size=200',
    );
    expect(all).toContain(
      'resources[20] (fulfillments).endpoint.path: "{{ stream_partition.sale_id }}" is an Airbyte template, not a dlt parent reference; translated to {resources.sales.id}, with include_from_parent ["id"] so rows get _sales_id',
    );
    expect(all.filter((m) => m.includes('is an Airbyte template'))).toHaveLength(2);
    expect(all.filter((m) => m.includes('has no cursor_path, so dlt\'s default "cursors.next" is used'))).toHaveLength(22);
    expect(result.warnings).toHaveLength(1 + 23 + 2 + 22);
  });

  it('binds the Airbyte child paths to their parents', () => {
    if (!result.ok) throw new Error('seed rejected');
    const byName = new Map(result.source.resources.map((r) => [r.name, r]));
    expect(byName.get('fulfillments')).toMatchObject({
      path: '/api/2.0/sales/{resources.sales.id}/fulfillments',
      parent: { resource: 'sales' },
      includeFromParent: ['id'],
    });
    expect(byName.get('consignment_products')).toMatchObject({
      path: '/api/2.0/consignments/{resources.consignments.id}/products',
      parent: { resource: 'consignments' },
    });
    expect(byName.get('customers')?.params).toEqual({ page_size: 100 });
    expect(byName.get('customers')?.paginator).toEqual({ type: 'cursor', options: { cursor_param: 'after' } });
  });

  it('never shows the token in a message, and reports it as a secret to move to storage', () => {
    expect(JSON.stringify(result)).not.toContain(SEED_TOKEN);
    expect(configSecrets(JSON.parse(text))).toEqual([SEED_TOKEN]);
  });

  it('keeps the token in the translated config (auth.token) without mutating the input', () => {
    const raw = JSON.parse(text);
    const { config } = translateSeedDialect(raw);
    expect((config as { client: { auth: unknown } }).client.auth).toEqual({ type: 'bearer', token: SEED_TOKEN });
    expect(raw.client.auth).toEqual({ type: 'bearer', api_key: SEED_TOKEN, location: 'header' });
  });
});
