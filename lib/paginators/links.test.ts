import { describe, expect, it } from 'vitest';
import { headerLinkPaginator, jsonLinkPaginator, parseLinkHeader } from './links';
import { BASE_REQUEST, page, PAGE_URL } from './testing';

const LINK =
  '<https://api.example.com/items?page=1>; rel="prev", <https://api.example.com/items?page=3&x=1>; rel="next", <https://api.example.com/items?page=9>; rel="last"';

describe('parseLinkHeader', () => {
  it('finds the URL for a rel among several links', () => {
    expect(parseLinkHeader(LINK, 'next')).toBe('https://api.example.com/items?page=3&x=1');
    expect(parseLinkHeader(LINK, 'last')).toBe('https://api.example.com/items?page=9');
  });

  it('matches one of several space-separated rels, unquoted rels, and case-insensitively', () => {
    expect(parseLinkHeader('</a>; rel="start Next"', 'next')).toBe('/a');
    expect(parseLinkHeader('</b>; title="x"; rel=next', 'next')).toBe('/b');
    expect(parseLinkHeader('</c>; rel="prev"', 'next')).toBeNull();
  });
});

describe('header_link paginator', () => {
  it('follows rel=next with params cleared, and stops when there is none', () => {
    const p = headerLinkPaginator.create({});
    expect(p.apply(BASE_REQUEST)).toEqual(BASE_REQUEST);
    expect(p.advance(page({}, [1], { Link: LINK }))).toBe(true);
    expect(p.apply(BASE_REQUEST)).toEqual({ path: 'https://api.example.com/items?page=3&x=1', params: {} });
    expect(p.advance(page({}, [1], { Link: '<https://api.example.com/items?page=1>; rel="prev"' }))).toBe(false);
    expect(p.advance(page({}, [1]))).toBe(false);
  });

  it('uses links_next_key and resumes from state()', () => {
    const p = headerLinkPaginator.create({ links_next_key: 'last' });
    p.advance(page({}, [1], { link: LINK }));
    const resumed = headerLinkPaginator.create({ links_next_key: 'last' }, JSON.parse(JSON.stringify(p.state())));
    expect(resumed.apply(BASE_REQUEST)).toEqual(p.apply(BASE_REQUEST));
    expect(resumed.apply(BASE_REQUEST).path).toBe('https://api.example.com/items?page=9');
  });
});

describe('json_link paginator', () => {
  it('follows the URL at next_url_path and stops on null', () => {
    const p = jsonLinkPaginator.create({ next_url_path: 'paging.next' });
    expect(p.advance(page({ paging: { next: '/api/items?cursor=b' } }, [1]))).toBe(true);
    expect(p.apply({ ...BASE_REQUEST, json: { q: 1 } })).toEqual({ path: 'https://api.example.com/api/items?cursor=b', params: {}, json: { q: 1 } });
    expect(p.advance(page({ paging: { next: null } }, [1]))).toBe(false);
  });

  it('defaults to "next", resumes from state(), and rejects a non-URL value', () => {
    const p = jsonLinkPaginator.create({});
    p.advance(page({ next: 'https://h/x?p=2' }, [1]));
    expect(jsonLinkPaginator.create({}, p.state()).apply(BASE_REQUEST)).toEqual(p.apply(BASE_REQUEST));
    expect(() => p.advance(page({ next: 5 }, [1]))).toThrow('json_link paginator: "next" (next_url_path) should be a URL, got 5');
  });
});

describe('links relative to the response that carried them (RFC 3986 §5)', () => {
  const RESPONSE_URL = 'http://127.0.0.1:4000/api/v2/shop/gadgets?page=1&page_size=2';

  it('header_link: <gadgets?page=2> on /api/v2/shop/gadgets is /api/v2/shop/gadgets?page=2, not base_url + gadgets', () => {
    const p = headerLinkPaginator.create({});
    expect(p.advance(page({}, [1], { Link: '<gadgets?page=2>; rel="next"' }, RESPONSE_URL))).toBe(true);
    expect(p.apply(BASE_REQUEST).path).toBe('http://127.0.0.1:4000/api/v2/shop/gadgets?page=2');
  });

  it('json_link: every form of relative reference, as a browser resolves it', () => {
    const next = (link: string) => {
      const p = jsonLinkPaginator.create({ next_url_path: 'next' });
      p.advance(page({ next: link }, [1], {}, RESPONSE_URL));
      return p.apply(BASE_REQUEST).path;
    };
    expect(next('?page=2')).toBe('http://127.0.0.1:4000/api/v2/shop/gadgets?page=2');
    expect(next('../other?page=2')).toBe('http://127.0.0.1:4000/api/v2/other?page=2');
    expect(next('/api/v2/shop/gadgets?page=2')).toBe('http://127.0.0.1:4000/api/v2/shop/gadgets?page=2');
    expect(next('//127.0.0.1:4000/x')).toBe('http://127.0.0.1:4000/x');
    expect(next('https://api.example.com/items?page=2')).toBe('https://api.example.com/items?page=2');
  });

  it('resumes from the absolute URL it stored', () => {
    const p = headerLinkPaginator.create({});
    p.advance(page({}, [1], { Link: '<gadgets?page=2>; rel="next"' }, RESPONSE_URL));
    const resumed = headerLinkPaginator.create({}, JSON.parse(JSON.stringify(p.state())));
    expect(resumed.apply(BASE_REQUEST).path).toBe('http://127.0.0.1:4000/api/v2/shop/gadgets?page=2');
  });

  it('says a link that is no URL is no URL, without quoting it', () => {
    const p = jsonLinkPaginator.create({ next_url_path: 'next' });
    expect(() => p.advance(page({ next: 'http://[bad' }, [1], {}, PAGE_URL))).toThrow('json_link paginator: the next-page link the API sent is not a URL');
  });
});

describe('json_link: next_url_path naming a key with dots (OData)', () => {
  const body = { '@odata.nextLink': 'https://api.example.com/users?$skiptoken=2', value: [{ id: 1 }] };

  it.each(['@odata.nextLink', "['@odata.nextLink']", "$['@odata.nextLink']"])('%s reads the key @odata.nextLink', (path) => {
    expect(jsonLinkPaginator.validate({ next_url_path: path })).toEqual([]);
    const p = jsonLinkPaginator.create({ next_url_path: path });
    expect(p.advance(page(body, body.value))).toBe(true);
    expect(p.apply(BASE_REQUEST).path).toBe('https://api.example.com/users?$skiptoken=2');
  });
});
