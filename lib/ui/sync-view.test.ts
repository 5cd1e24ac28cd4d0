import { describe, expect, it } from 'vitest';
import type { ResourceProgress } from '@/lib/messages';
import { progressLine, statePill, syncSummary } from './sync-view';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const row = (resource: string, patch: Partial<ResourceProgress> = {}): ResourceProgress => ({
  resource,
  status: 'idle',
  rowsStored: 0,
  pagesFetched: 0,
  rowsFetched: 0,
  ...patch,
});

describe('statePill', () => {
  it('counts down a rate-limit wait in whole seconds', () => {
    expect(statePill(row('sales', { status: 'waiting', waitingUntil: NOW + 41_500 }), NOW)).toEqual({ label: 'Waiting 42 s', tone: 'warn' });
  });
  it('says "Not synced" for a table never synced and "Up to date" after a run', () => {
    expect(statePill(row('sales'), NOW).label).toBe('Not synced');
    expect(statePill(row('sales', { status: 'done', lastSyncedAt: NOW }), NOW).label).toBe('Up to date');
  });
});

describe('progressLine', () => {
  it('shows parents visited for a child table', () => {
    expect(progressLine(row('fulfillments', { status: 'running', parentsDone: 120, parentsTotal: 1200, rowsFetched: 340 }), 'sales')).toBe(
      '120 of 1,200 sales · 340 rows fetched',
    );
  });
  it('shows pages and rows for a top-level table', () => {
    expect(progressLine(row('sales', { status: 'running', pagesFetched: 1, rowsFetched: 500 }))).toBe('1 page · 500 rows fetched');
  });
});

describe('syncSummary', () => {
  it('idle: last sync time, table count and stored rows', () => {
    const rows = [row('a', { rowsStored: 312_000, lastSyncedAt: NOW - 5 * 60_000 }), row('b', { rowsStored: 480, lastSyncedAt: NOW - 3_600_000 })];
    expect(syncSummary({ running: false, resources: rows }, rows, NOW)).toEqual({
      text: 'Last synced 5 min ago · 2 tables · 312,480 rows',
      fraction: null,
      lastSyncedAt: NOW - 5 * 60_000,
    });
  });
  it('running: which table of how many, rows fetched so far, and an overall fraction', () => {
    const run = [
      row('a', { status: 'done', rowsFetched: 48_000 }),
      row('b', { status: 'running', rowsFetched: 200, parentsDone: 1, parentsTotal: 2 }),
      row('c', { status: 'queued' }),
      row('d', { status: 'queued' }),
    ];
    const s = syncSummary({ running: true, resources: run }, run, NOW);
    expect(s.text).toBe('Syncing 2 of 4 tables · 48,200 rows');
    expect(s.fraction).toBeCloseTo(1.5 / 4);
  });
  it('never synced', () => {
    expect(syncSummary(null, [row('a')], NOW).text).toBe('Not synced yet · 1 table · 0 rows');
  });
});
