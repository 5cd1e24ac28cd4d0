import { describe, expect, it } from 'vitest';
import { SyncError } from '@/lib/errors';
import { secretForms } from './auth';
import { buildRequestUrl, shownUrl, urlWithoutSecrets } from './request-url';

const build = (base: string, path: string, params?: Record<string, string>) => buildRequestUrl(new URL(base), 'sales', path, params).href;

describe('buildRequestUrl', () => {
  it.each([
    ['https://s.example.com', 'api/2.0/sales', 'https://s.example.com/api/2.0/sales'],
    ['https://s.example.com/', '/api/2.0/sales', 'https://s.example.com/api/2.0/sales'],
    ['https://s.example.com/api/2.0', 'sales', 'https://s.example.com/api/2.0/sales'],
    ['https://s.example.com/api/2.0/', '/sales', 'https://s.example.com/api/2.0/sales'],
    ['https://s.example.com/api/2.0', '/api/2.0/sales', 'https://s.example.com/api/2.0/sales'],
    ['https://s.example.com/api/2.0', 'sales/1/fulfillments', 'https://s.example.com/api/2.0/sales/1/fulfillments'],
  ])('joins %s and %s', (base, path, expected) => expect(build(base, path)).toBe(expected));

  it('appends params, encoded', () => {
    expect(build('https://s.example.com', 'search', { q: 'a b&c', after: '0' })).toBe('https://s.example.com/search?q=a+b%26c&after=0');
  });

  it('keeps a query already in the path and lets params override it', () => {
    expect(build('https://s.example.com', 'sales?after=1&page_size=5', { after: '7' })).toBe('https://s.example.com/sales?after=7&page_size=5');
  });

  it('refuses another origin, including another scheme or port', () => {
    for (const path of ['https://evil.example/x', '//evil.example/x', 'http://s.example.com/x', 'https://s.example.com:8443/x']) {
      expect(() => build('https://s.example.com', path)).toThrow(SyncError);
    }
  });

});

describe('shownUrl', () => {
  const SECRET = 'tok/en 123';
  const forms = [SECRET, encodeURIComponent(SECRET), 'tok%2Fen+123'];
  const show = (url: string, params: string[] = []) => shownUrl(new URL(url), { params, secrets: forms });

  it('keeps the query as sent (without the fragment)', () => {
    expect(show('https://s.example.com/a/b?p=2&ids=1,2#top')).toBe('https://s.example.com/a/b?p=2&ids=1,2');
    expect(show('https://s.example.com/a/b')).toBe('https://s.example.com/a/b');
  });

  it('masks the query-auth param by name, whatever its value', () => {
    expect(show('https://s.example.com/items?p=2&api_key=other', ['api_key'])).toBe('https://s.example.com/items?p=2&api_key=***');
  });

  it('masks any param whose value is the secret, in any spelling, and the secret elsewhere', () => {
    expect(show(`https://s.example.com/items?t=${encodeURIComponent(SECRET)}&p=2`)).toBe('https://s.example.com/items?t=***&p=2');
    expect(show('https://s.example.com/items?t=tok%2Fen+123')).toBe('https://s.example.com/items?t=***');
    expect(show(`https://s.example.com/${encodeURIComponent(SECRET)}/x?q=a${encodeURIComponent(SECRET)}`)).not.toContain('tok');
  });

  it('leaves a value that only resembles the secret, and malformed escapes, as they are', () => {
    expect(show('https://s.example.com/items?t=tok&bad=%E0%A4%A')).toBe('https://s.example.com/items?t=tok&bad=%E0%A4%A');
  });
});

describe('urlWithoutSecrets (a link the server sent, before it is kept in a checkpoint)', () => {
  const secret = 'se cr/et+1';
  const clean = (href: string, params: string[] = ['key']) => urlWithoutSecrets(new URL(href), { params, secrets: secretForms(null, secret) }).href;

  it('drops the query auth param by its configured name, whatever its value', () => {
    expect(clean('https://s.example.com/x?page=2&key=old-token')).toBe('https://s.example.com/x?page=2');
    expect(clean('https://s.example.com/x?key=a&key=b')).toBe('https://s.example.com/x');
    expect(clean('https://s.example.com/x?page=2', ['Authorization'])).toBe('https://s.example.com/x?page=2');
    expect(clean('https://s.example.com/x?Authorization=t&page=2', ['Authorization'])).toBe('https://s.example.com/x?page=2');
  });

  it('drops any param holding the secret in any spelling, whatever its name', () => {
    for (const spelled of [encodeURIComponent(secret), 'se+cr%2Fet%2B1', `prefix-${encodeURIComponent(secret)}`]) {
      expect(clean(`https://s.example.com/x?page=2&token=${spelled}&q=1`, [])).toBe('https://s.example.com/x?page=2&q=1');
    }
    // Without a secret there is nothing to drop.
    expect(urlWithoutSecrets(new URL('https://s.example.com/x?page=2&echo=x'), { params: [], secrets: [] }).href).toBe('https://s.example.com/x?page=2&echo=x');
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
