import { describe, expect, it } from 'vitest';
import { SyncError } from '@/lib/errors';
import { buildRequestUrl, shownUrl } from './request-url';

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

  it('shows a URL without its query string', () => {
    expect(shownUrl(new URL('https://s.example.com/a/b?key=secret'))).toBe('https://s.example.com/a/b');
  });
});
