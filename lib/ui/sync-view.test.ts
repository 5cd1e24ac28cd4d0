import { describe, expect, it } from 'vitest';
import type { ResourceProgress } from '@/lib/messages';
import { countText, exportedCount, progressLine, statePill, syncAnnouncement, syncSummary, syncTimeLine } from './sync-view';

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
  it('counts a long wait in minutes, not seconds', () => {
    expect(statePill(row('sales', { status: 'waiting', waitingUntil: NOW + 258_000 }), NOW).label).toBe('Waiting 5 min');
    expect(statePill(row('sales', { status: 'waiting', waitingUntil: NOW + 59_000 }), NOW).label).toBe('Waiting 59 s');
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
  it('running: requests done of those still needed (children: parents left after the filter), rows fetched, and that fraction', () => {
    const run = [
      row('a', { status: 'done', pagesFetched: 100, rowsFetched: 48_000, requestsLeft: 0 }),
      row('b', { status: 'running', pagesFetched: 300, rowsFetched: 200, parentsDone: 300, parentsTotal: 1000, requestsLeft: 700 }),
      row('c', { status: 'queued', requestsLeft: 1 }),
      row('d', { status: 'queued' }),
    ];
    const s = syncSummary({ running: true, resources: run }, run, NOW);
    expect(s.text).toBe('Syncing · 400 of about 1,102 requests · 48,200 rows');
    expect(s.fraction).toBeCloseTo(400 / 1102);
  });
  it('idle after failures: how many tables the last sync finished, and how many failed', () => {
    const lastRun = { startedAt: NOW - 3 * 60_000, finishedAt: NOW - 2 * 60_000, outcome: 'failed' as const, resources: ['a', 'b', 'c'] };
    const rows = [
      row('a', { status: 'done', rowsStored: 10, lastSyncedAt: NOW - 2 * 60_000 }),
      row('b', { status: 'done', rowsStored: 10, lastSyncedAt: NOW - 2 * 60_000 }),
      row('c', { status: 'error', rowsStored: 10, lastSyncedAt: NOW - 86_400_000 }),
    ];
    expect(syncSummary({ running: false, resources: rows, lastRun }, rows, NOW).text).toBe('Last synced 2 min ago · 2 of 3 tables · 1 failed');
  });
  it('idle after a cancel: says so, and tables the sync never reached are not counted as synced by it', () => {
    const lastRun = { startedAt: NOW - 60_000, finishedAt: NOW - 50_000, outcome: 'cancelled' as const, resources: ['a', 'b', 'c'] };
    const rows = [
      row('a', { status: 'done', lastSyncedAt: NOW - 55_000 }),
      row('b', { status: 'idle', lastSyncedAt: NOW - 3 * 86_400_000 }),
      row('c', { status: 'idle', lastSyncedAt: NOW - 3 * 86_400_000 }),
    ];
    expect(syncSummary({ running: false, resources: rows, lastRun }, rows, NOW).text).toBe('Last synced 1 min ago · 1 of 3 tables · cancelled');
  });
  it('counts rows as an export gives them: deleted rows hidden unless included', () => {
    const rows = [row('customers', { rowsStored: 250, rowsDeleted: 2, lastSyncedAt: NOW })];
    expect(syncSummary({ running: false, resources: rows }, rows, NOW).text).toBe('Last synced just now · 1 table · 248 rows');
    expect(syncSummary({ running: false, resources: rows }, rows, NOW, true).text).toBe('Last synced just now · 1 table · 250 rows');
  });
  it('never synced', () => {
    expect(syncSummary(null, [row('a')], NOW).text).toBe('Not synced yet · 1 table · 0 rows');
  });
});

describe('exported counts', () => {
  it('248 rows · 2 deleted hidden, or all 250 when deleted rows are included', () => {
    const p = row('customers', { rowsStored: 250, rowsDeleted: 2 });
    expect(exportedCount(p, false)).toEqual({ count: 248, hidden: 2 });
    expect(countText(p, false)).toBe('248 rows · 2 deleted hidden');
    expect(countText(p, true)).toBe('250 rows');
    expect(countText(row('sales', { rowsStored: 1 }), false)).toBe('1 row');
  });
});

describe('syncTimeLine', () => {
  const quota = { limit: 350, windowMs: 300_000, windowSource: 'measured' as const };
  it('while the rate limit holds requests: plain words, the learned quota, when it resumes and the time left for the whole sync', () => {
    const status = {
      running: true,
      resources: [row('fulfillments', { status: 'waiting' as const, requestsLeft: 1000, pagesFetched: 350 })],
      rateLimit: { ...quota, remaining: 0, windowEnd: NOW + 240_000, waitingUntil: NOW + 240_000 },
      msPerRequest: 10,
    };
    expect(syncTimeLine(status, NOW)).toBe(
      'Waiting for the store’s rate limit: the store allows 350 requests per 5 minutes. Resuming in 4 min; about 14 min left.',
    );
  });
  it('before the window is measured it says "per window", still with an estimate', () => {
    const status = {
      running: true,
      resources: [row('sales', { status: 'waiting' as const, requestsLeft: 5 })],
      rateLimit: { limit: 5, windowMs: 8000, windowSource: 'lower_bound' as const, remaining: 0, windowEnd: NOW + 8000, waitingUntil: NOW + 8000 },
    };
    expect(syncTimeLine(status, NOW)).toMatch(/^Waiting for the store’s rate limit: the store allows 5 requests per window\. Resuming in 8 s; about \d+ s left\.$/);
  });
  it('otherwise the time left alone, and nothing when no sync runs', () => {
    expect(syncTimeLine({ running: true, resources: [row('a', { status: 'running', requestsLeft: 240 })], msPerRequest: 250 }, NOW)).toBe('About 1 min left.');
    expect(syncTimeLine({ running: false, resources: [] }, NOW)).toBeNull();
  });
});

describe('syncAnnouncement (the popup’s one polite live region)', () => {
  const run = (patches: Partial<ResourceProgress>[]) => patches.map((p, i) => row(`t${i}`, p));
  it('while running: tables finished of the run’s tables, and nothing else that changes per request', () => {
    const early = run([{ status: 'done' }, { status: 'running', pagesFetched: 3, rowsFetched: 300 }, { status: 'queued' }]);
    const later = run([{ status: 'done' }, { status: 'running', pagesFetched: 90, rowsFetched: 9000, requestsLeft: 4 }, { status: 'queued' }]);
    expect(syncAnnouncement({ running: true, resources: early }, early, false)).toBe('Syncing: 1 of 3 tables finished');
    // Requests and rows moved on; the words did not, so nothing is announced again.
    expect(syncAnnouncement({ running: true, resources: later }, later, false)).toBe('Syncing: 1 of 3 tables finished');
    const failed = run([{ status: 'done' }, { status: 'error' }, { status: 'running' }]);
    expect(syncAnnouncement({ running: true, resources: failed }, failed, false)).toBe('Syncing: 2 of 3 tables finished');
  });
  it('says once the run has been held by the store’s rate limit, and keeps saying it between windows', () => {
    const r = run([{ status: 'waiting' }, { status: 'queued' }]);
    expect(syncAnnouncement({ running: true, resources: r }, r, false, true)).toBe('Syncing: 0 of 2 tables finished · waiting for the store’s rate limit between requests');
  });
  it('after the run: how it ended, with the rows an export gives', () => {
    const lastRun = { startedAt: NOW - 60_000, finishedAt: NOW, outcome: 'done' as const, resources: ['t0', 't1'] };
    const rows = run([{ status: 'done', rowsStored: 1200, rowsDeleted: 2, lastSyncedAt: NOW }, { status: 'done', rowsStored: 48, lastSyncedAt: NOW }]);
    expect(syncAnnouncement({ running: false, resources: rows, lastRun }, rows, false)).toBe('Sync finished: 2 tables · 1,246 rows');
    const someFailed = run([{ status: 'done', rowsStored: 1 }, { status: 'error' }]);
    expect(syncAnnouncement({ running: false, resources: someFailed, lastRun: { ...lastRun, outcome: 'failed' } }, someFailed, false)).toBe(
      'Sync finished: 1 of 2 tables · 1 failed',
    );
    expect(syncAnnouncement({ running: false, resources: rows, lastRun: { ...lastRun, outcome: 'cancelled' } }, rows, false)).toBe('Sync cancelled.');
  });
  it('a sync that failed as a whole: only that it failed (the one alert says why)', () => {
    const error = { kind: 'auth' as const, message: 'sales: the store rejected the API token (HTTP 401 Unauthorized)', scope: 'sync' as const };
    const lastRun = { startedAt: NOW - 1000, finishedAt: NOW, outcome: 'failed' as const, resources: ['t0'], error };
    const rows = run([{ status: 'error', error }]);
    expect(syncAnnouncement({ running: false, resources: rows, lastRun, error }, rows, false)).toBe('Sync failed.');
  });
  it('nothing before any sync, or before the status is known', () => {
    expect(syncAnnouncement(null, [row('a')], false)).toBe('');
    expect(syncAnnouncement({ running: false, resources: [row('a')] }, [row('a')], false)).toBe('');
  });
});
