import { describe, expect, it } from 'vitest';
import { plainSyncError } from './sync-error';

describe('plainSyncError', () => {
  it('turns a rejected token into plain words with the HTTP status, and keeps the specifics as detail', () => {
    const plain = plainSyncError({ kind: 'auth', status: 401, message: 'outlets: the store rejected the API token (HTTP 401 Unauthorized)', detail: 'GET /api/2.0/outlets' });
    expect(plain.message).toBe('The store rejected the API token (HTTP 401 Unauthorized). Check it in Settings.');
    expect(plain.detail).toBe('outlets: the store rejected the API token (HTTP 401 Unauthorized) — GET /api/2.0/outlets');
  });

  it('names a server error with its status and reason phrase', () => {
    expect(plainSyncError({ kind: 'server', status: 503, message: 'x' }).message).toBe(
      'The store had a problem answering (server error, HTTP 503 Service Unavailable). Try again later.',
    );
    expect(plainSyncError({ kind: 'server', message: 'x' }).message).toBe('The store had a problem answering (server error). Try again later.');
  });

  it('says the store could not be reached on a network failure', () => {
    expect(plainSyncError({ kind: 'network', message: 'fetch failed' }).message).toMatch(/Could not reach the store/);
  });

  it('passes config errors through: the engine already wrote them for the user', () => {
    expect(plainSyncError({ kind: 'config', message: 'Add your API token in Settings first.' })).toEqual({ message: 'Add your API token in Settings first.', detail: undefined });
  });

  it("a child not synced says its parent's cause, without repeating its own name", () => {
    const plain = plainSyncError({
      kind: 'parent_failed',
      resource: 'fulfillments',
      message: 'fulfillments: not synced: sales failed — the store rejected the API token (HTTP 401 Unauthorized)',
    });
    expect(plain.message).toBe('Not synced: sales failed — the store rejected the API token (HTTP 401 Unauthorized)');
  });
});
