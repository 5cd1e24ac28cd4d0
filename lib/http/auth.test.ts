import { describe, expect, it } from 'vitest';
import type { ResolvedAuth } from '@/lib/config/types';
import { applyAuth, secretForms, withoutSecrets } from './auth';

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

describe('withoutSecrets (a link the server sent, before it is kept in a checkpoint)', () => {
  const queryKey: ResolvedAuth = { type: 'api_key', name: 'key', location: 'query' };
  const secret = 'se cr/et+1';
  const clean = (href: string, auth: ResolvedAuth | null = queryKey) => withoutSecrets(new URL(href), auth, secretForms(auth, secret)).href;

  it('drops the query auth param by its configured name, whatever its value', () => {
    expect(clean('https://s.example.com/x?page=2&key=old-token')).toBe('https://s.example.com/x?page=2');
    expect(clean('https://s.example.com/x?key=a&key=b')).toBe('https://s.example.com/x');
    expect(clean('https://s.example.com/x?page=2', { type: 'api_key', location: 'query' })).toBe('https://s.example.com/x?page=2');
    expect(clean('https://s.example.com/x?Authorization=t&page=2', { type: 'api_key', location: 'query' })).toBe('https://s.example.com/x?page=2');
  });

  it('drops any param holding the secret in any spelling, with any auth', () => {
    for (const spelled of [encodeURIComponent(secret), 'se+cr%2Fet%2B1', `prefix-${encodeURIComponent(secret)}`]) {
      expect(clean(`https://s.example.com/x?page=2&token=${spelled}&q=1`, { type: 'bearer' })).toBe('https://s.example.com/x?page=2&q=1');
    }
    expect(clean(`https://s.example.com/x?page=2&echo=${encodeURIComponent(secret)}`, null)).toBe('https://s.example.com/x?page=2');
    // Without a secret there is nothing to drop.
    expect(withoutSecrets(new URL('https://s.example.com/x?page=2&echo=x'), null, []).href).toBe('https://s.example.com/x?page=2&echo=x');
  });

  it('keeps every other pair byte for byte, and a URL without the secret unchanged', () => {
    const odd = 'https://s.example.com/x?a=b%2Cc&sp=a%20b&plus=a+b&empty=&flag&key=t#frag';
    expect(clean(odd)).toBe('https://s.example.com/x?a=b%2Cc&sp=a%20b&plus=a+b&empty=&flag#frag');
    expect(clean('https://s.example.com/x?a=b%2Cc&sp=a%20b')).toBe('https://s.example.com/x?a=b%2Cc&sp=a%20b');
  });

  it('drops a user:password part', () => {
    expect(clean('https://u:p@s.example.com/x?page=2')).toBe('https://s.example.com/x?page=2');
  });
});
