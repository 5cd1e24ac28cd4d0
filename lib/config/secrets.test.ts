import { describe, expect, it } from 'vitest';
import { configSecrets } from './secrets';
import { TOKEN_PLACEHOLDER } from './types';

const withAuth = (auth: unknown) => ({ client: { base_url: 'https://x.example', auth }, resources: [] });

describe('configSecrets', () => {
  it('returns literal token, api_key and password values', () => {
    expect(configSecrets(withAuth({ type: 'bearer', token: 'tok-1' }))).toEqual(['tok-1']);
    expect(configSecrets(withAuth({ type: 'api_key', api_key: 'key-1' }))).toEqual(['key-1']);
    expect(configSecrets(withAuth({ type: 'http_basic', username: 'me', password: 'pw-1' }))).toEqual(['pw-1']);
  });

  it('skips the storage placeholder and empty values', () => {
    expect(configSecrets(withAuth({ type: 'bearer', token: TOKEN_PLACEHOLDER }))).toEqual([]);
    expect(configSecrets(withAuth({ type: 'bearer', token: '' }))).toEqual([]);
  });

  it('finds secrets under keys the declared type does not use, so a mistyped auth is still masked', () => {
    expect(configSecrets(withAuth({ type: 'bearer', api_key: 'k', token: 'k' }))).toEqual(['k']);
    expect(configSecrets(withAuth({ type: 'bearer', api_key: 'seed-key' }))).toEqual(['seed-key']);
  });

  it('returns nothing for configs without auth', () => {
    expect(configSecrets(null)).toEqual([]);
    expect(configSecrets({ client: {} })).toEqual([]);
  });
});
