import { describe, expect, it } from 'vitest';
import { plainSyncError } from './sync-error';

describe('plainSyncError', () => {
  it('turns a rejected token into plain words and keeps the specifics as detail', () => {
    const plain = plainSyncError({ kind: 'auth', status: 401, message: 'outlets: the API rejected the token (HTTP 401)', detail: 'GET /api/2.0/outlets' });
    expect(plain.message).toBe('The store rejected the API token. Check it in Settings.');
    expect(plain.detail).toBe('HTTP 401 — outlets: the API rejected the token (HTTP 401) — GET /api/2.0/outlets');
  });

  it('says the store could not be reached on a network failure', () => {
    expect(plainSyncError({ kind: 'network', message: 'fetch failed' }).message).toMatch(/Could not reach the store/);
  });

  it('passes config errors through: the engine already wrote them for the user', () => {
    expect(plainSyncError({ kind: 'config', message: 'Add your API token in Settings first.' })).toEqual({ message: 'Add your API token in Settings first.', detail: undefined });
  });
});
