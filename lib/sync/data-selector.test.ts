/**
 * Reading a page's records (dlt: rest_client/client.py `extract_response` and
 * `detect_data_selector`; dlt#2932/#2936 for a null list on a later page).
 */
import { describe, expect, it } from 'vitest';
import type { ResolvedResource } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { compileDataSelector, RecordReader } from './data-selector';

const withSelector = (dataSelector?: string) => compileDataSelector({ dataSelector } as ResolvedResource);
const rows = [{ id: 1 }, { id: 2 }];

describe('RecordReader with a configured data_selector', () => {
  it('reads the list at the selector, a single object as one record, and null as an empty page', () => {
    const reader = new RecordReader('posts', withSelector('data'), { strictFirstPage: true });
    expect(reader.read({ data: rows })).toEqual(rows);
    expect(reader.read({ data: { id: 3 } })).toEqual([{ id: 3 }]);
    expect(reader.read({ data: null })).toEqual([]);
    expect(reader.detected).toBeUndefined();
  });

  it('reads a whole-body selector "$" as the list, or the object as one record', () => {
    const reader = new RecordReader('post', withSelector('$'));
    expect(reader.read(rows)).toEqual(rows);
    expect(reader.read({ id: 9, body: 'x' })).toEqual([{ id: 9, body: 'x' }]);
  });

  it('a selector missing from a later page is an empty page, not an error', () => {
    const reader = new RecordReader('users', withSelector('users'), { strictFirstPage: true });
    expect(reader.read({ users: rows, next_token: 't' })).toEqual(rows);
    expect(reader.read({ next_token: null })).toEqual([]);
  });

  it('a selector missing from the first page of a fresh top-level walk is an error naming the selector and the keys found', () => {
    const reader = new RecordReader('users', withSelector('users'), { strictFirstPage: true });
    let error: unknown;
    try {
      reader.read({ data: rows, meta: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({ kind: 'bad_response', message: 'users: data_selector "users" found nothing in the response', detail: 'top-level keys: data, meta' });
    // A child's walk (not strict) takes the same response as an empty page.
    expect(new RecordReader('users', withSelector('users')).read({ data: rows })).toEqual([]);
  });
});

describe('RecordReader without a data_selector', () => {
  it('detects the records on the first response and keeps that selector for later pages', () => {
    const reader = new RecordReader('posts', withSelector(undefined), { strictFirstPage: true });
    expect(reader.read({ data: rows, page: 1, total_pages: 2 })).toEqual(rows);
    expect(reader.detected).toEqual(['data']);
    // dlt#2932: a later page with a null list is an empty page; a list under another key is not the records.
    expect(reader.read({ data: null, items: [{ id: 'other' }] })).toEqual([]);
    expect(reader.read({ items: [{ id: 'other' }] })).toEqual([]);
  });

  it('reads a whole object as one record, and a list body as the records', () => {
    const single = new RecordReader('post', withSelector(undefined));
    expect(single.read({ id: 1, title: 'x' })).toEqual([{ id: 1, title: 'x' }]);
    expect(single.detected).toEqual([]);
    expect(new RecordReader('posts', withSelector(undefined)).read(rows)).toEqual(rows);
  });

  it('continues with the selector detected before a resume', () => {
    const resumed = new RecordReader('posts', withSelector(undefined), { detected: ['_embedded', 'items'] });
    expect(resumed.read({ _embedded: { items: rows }, data: [{ id: 'not these' }] })).toEqual(rows);
    expect(resumed.detected).toEqual(['_embedded', 'items']);
  });
});
