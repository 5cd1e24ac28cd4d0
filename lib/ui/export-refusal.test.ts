import { describe, expect, it } from 'vitest';
import type { ResourceProgress } from '@/lib/messages';
import { emptyExportMessage, exportRefusal } from './export-refusal';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const progress = (patch: Partial<ResourceProgress> = {}): ResourceProgress => ({
  resource: 'sales',
  status: 'idle',
  rowsStored: 0,
  pagesFetched: 0,
  rowsFetched: 0,
  ...patch,
});

describe('exportRefusal', () => {
  it('a table never synced: a status telling to sync first', () => {
    expect(exportRefusal('sales', progress(), false)).toEqual({
      role: 'status',
      message: 'Nothing to export: sales has not been synced yet. Click Sync now first.',
      stored: 0,
    });
  });

  it('a table being synced goes ahead (rows may be arriving); if it read nothing, it is still syncing', () => {
    expect(exportRefusal('sales', progress({ status: 'queued' }), false)).toBeNull();
    expect(exportRefusal('sales', progress({ status: 'running', rowsStored: 500 }), false)).toBeNull();
    expect(emptyExportMessage('sales', progress({ status: 'queued' }), false)).toBe('Nothing to export yet: sales is still syncing.');
  });

  it('a child table found empty when read: says so, and that deleted rows are left out', () => {
    const synced = progress({ status: 'done', lastSyncedAt: NOW, rowsStored: 8 });
    expect(emptyExportMessage('sales__payments', synced, false)).toBe('Nothing to export: sales__payments has no rows (rows marked deleted, and their lists, are left out).');
    expect(emptyExportMessage('sales__payments', synced, true)).toBe('Nothing to export: sales__payments has no rows.');
  });

  it('a failed table: an alert, with its stored rows offered when an earlier sync left some', () => {
    const error = { kind: 'server' as const, message: 'sales: the store had a server error (HTTP 503)' };
    expect(exportRefusal('sales', progress({ status: 'error', error }), false)).toEqual({
      role: 'alert',
      message: 'Nothing exported: the last sync of sales failed, so sales may be incomplete. Sync again once the error is fixed.',
      stored: 0,
    });
    const earlier = progress({ status: 'error', error, rowsStored: 250, rowsDeleted: 2, lastSyncedAt: NOW });
    expect(exportRefusal('sales', earlier, false)?.stored).toBe(248);
    // A child table of a failed resource is refused the same way, naming itself.
    expect(exportRefusal('sales__line_items', earlier, false)?.message).toMatch(/^Nothing exported: the last sync of sales failed, so sales__line_items may be incomplete/);
  });

  it('a sync that failed as a whole points at its one message above the tables', () => {
    const error = { kind: 'auth' as const, message: 'sales: the store rejected the API token (HTTP 401)', scope: 'sync' as const };
    expect(exportRefusal('sales', progress({ status: 'error', error }), false)?.message).toMatch(/^Nothing exported: the last sync failed \(see above\)/);
  });

  it('a synced table without rows: says the store has none, or that every row is deleted', () => {
    expect(exportRefusal('sales', progress({ status: 'done', lastSyncedAt: NOW }), false)).toEqual({
      role: 'status',
      message: 'Nothing to export: the store has no sales rows.',
      stored: 0,
    });
    const allDeleted = progress({ status: 'done', lastSyncedAt: NOW, rowsStored: 3, rowsDeleted: 3 });
    expect(exportRefusal('sales', allDeleted, false)?.message).toMatch(/every sales row is marked deleted.*Include deleted rows/);
    expect(exportRefusal('sales', allDeleted, true)).toBeNull();
  });

  it('a synced table with rows, or any child table of one (checked when read), goes ahead', () => {
    const synced = progress({ status: 'done', lastSyncedAt: NOW, rowsStored: 8 });
    expect(exportRefusal('sales', synced, false)).toBeNull();
    expect(exportRefusal('sales__payments', synced, false)).toBeNull();
  });
});
