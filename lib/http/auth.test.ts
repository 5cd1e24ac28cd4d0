import { describe, expect, it } from 'vitest';
import type { ResolvedAuth } from '@/lib/config/types';
import { applyAuth, secretForms } from './auth';

function applied(auth: ResolvedAuth | null, secret = 's3cret') {
  const target = { url: new URL('https://s.example.com/x'), headers: new Headers() };
  applyAuth(auth, secret, target);
  return { url: target.url.href, headers: Object.fromEntries(target.headers) };
}

describe('applyAuth', () => {
  it('bearer sets Authorization', () => {
    expect(applied({ type: 'bearer' })).toEqual({ url: 'https://s.example.com/x', headers: { authorization: 'Bearer s3cret' } });
  });

  it('api_key goes in the named header, Authorization by default', () => {
    expect(applied({ type: 'api_key', name: 'X-Api-Key', location: 'header' }).headers).toEqual({ 'x-api-key': 's3cret' });
    expect(applied({ type: 'api_key' }).headers).toEqual({ authorization: 's3cret' });
  });

  it('api_key in the query goes in the URL only', () => {
    expect(applied({ type: 'api_key', name: 'key', location: 'query' })).toEqual({ url: 'https://s.example.com/x?key=s3cret', headers: {} });
  });

  it('http_basic encodes username:secret, also outside Latin-1', () => {
    expect(applied({ type: 'http_basic', username: 'owner' }).headers.authorization).toBe(`Basic ${btoa('owner:s3cret')}`);
    expect(applied({ type: 'http_basic', username: 'jürgen' }, 'pässwörd€').headers.authorization).toBe(
      `Basic ${Buffer.from('jürgen:pässwörd€', 'utf8').toString('base64')}`,
    );
  });

  it('no auth adds nothing', () => {
    expect(applied(null)).toEqual({ url: 'https://s.example.com/x', headers: {} });
  });
});

describe('secretForms', () => {
  it('lists the secret as typed, URL-encoded and inside a Basic header', () => {
    expect(secretForms({ type: 'http_basic', username: 'u' }, 'a b/c')).toEqual(['a b/c', 'a%20b%2Fc', 'a+b%2Fc', btoa('u:a b/c')]);
  });

  it('has nothing to mask without a secret', () => {
    expect(secretForms({ type: 'bearer' }, '')).toEqual([]);
  });
});
