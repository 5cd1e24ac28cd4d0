/**
 * Issue 9, kind 1: integers beyond 2^53 − 1 in API JSON keep every digit, wherever the value goes:
 * the stored row, merge-by-key identity, a cursor sent back, a parent placeholder,
 * include_from_parent, the incremental cursor, CSV and JSON exports, and never into a message.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { exportCsv } from '@/lib/export/csv';
import { exportJson } from '@/lib/export/json';
import { progressOf } from '@/lib/sync/engine';
import { eachTest, outcomes, resolved, rowsOf, startApi, sync, TOKEN } from './api-kit';

const ISSUE_BODY = '{"rows":[{"id":1582323235375263744,"n":"A"},{"id":1582323235375263745,"n":"B"}]}';

const t = eachTest('big-integers');

const config = (base: string, resources: unknown[]) => ({ client: { base_url: base, auth: { type: 'bearer', token: TOKEN } }, resources });

describe('integers beyond 2^53 − 1 from the API', () => {
  it('two ids differing only past the 16th digit are two rows, exact in the t.store, the CSV and the JSON export', async () => {
    t.api = await startApi(() => ({ body: ISSUE_BODY }));
    const source = resolved(config(t.api.base, [{ name: 'things', endpoint: { path: 'things', data_selector: 'rows', paginator: 'single_page' }, primary_key: 'id', write_disposition: 'merge' }]));
    expect(outcomes(await sync(t.store, source))).toEqual({ things: ['done', undefined] });

    const rows = await rowsOf(t.store, 'things');
    expect(rows).toEqual([
      { id: 1582323235375263744n, n: 'A' },
      { id: 1582323235375263745n, n: 'B' },
    ]);
    expect((await t.store.tableState('things')).rowsStored).toBe(2);
    expect(await t.store.countRows('things')).toBe(2);

    const source2 = () => t.store.iterateRows('things');
    const csv = await (await exportCsv(source2, { primaryKey: ['id'], bom: false })).text();
    expect(csv).toBe('id,n\r\n1582323235375263744,A\r\n1582323235375263745,B\r\n');
    const json = await (await exportJson(source2)).text();
    expect(json).toBe('[\n{"id":1582323235375263744,"n":"A"},\n{"id":1582323235375263745,"n":"B"}\n]\n');
  });

  it('a second sync sending the rows again merges them by their exact keys', async () => {
    t.api = await startApi(() => ({ body: ISSUE_BODY }));
    const source = resolved(config(t.api.base, [{ name: 'things', endpoint: { path: 'things', data_selector: 'rows', paginator: 'single_page' }, primary_key: 'id', write_disposition: 'merge' }]));
    await sync(t.store, source);
    await sync(t.store, source);
    expect(await t.store.countRows('things')).toBe(2);
    expect((await rowsOf(t.store, 'things')).map((r) => r.id)).toEqual([1582323235375263744n, 1582323235375263745n]);
  });

  it('sends a bare 19-digit next_cursor back as the same digits', async () => {
    t.api = await startApi((_call, url) => {
      const cursor = url.searchParams.get('cursor');
      if (cursor === null) return { body: '{"items":[{"id":1}],"next_cursor":1582323235375263745}' };
      return { body: `{"items":[{"id":2,"seen":"${cursor}"}],"next_cursor":null}` };
    });
    const source = resolved(
      config(t.api.base, [
        { name: 'items', endpoint: { path: 'items', data_selector: 'items', paginator: { type: 'cursor', cursor_path: 'next_cursor', cursor_param: 'cursor' } }, primary_key: 'id', write_disposition: 'merge' },
      ]),
    );
    expect(outcomes(await sync(t.store, source))).toEqual({ items: ['done', undefined] });
    expect(t.api.calls.map((c) => c.url)).toEqual(['/items', '/items?cursor=1582323235375263745']);
    expect((await rowsOf(t.store, 'items'))[1].seen).toBe('1582323235375263745');
    // The checkpoint holds the cursor as text: state goes into IndexedDB and, as JSON, nowhere else.
    expect((await t.store.tableState('items')).checkpoint?.paginator).toEqual({ cursor: '1582323235375263745' });
  });

  it('fills {resources.<parent>.<field>} and include_from_parent with the exact digits', async () => {
    t.api = await startApi((_call, url) => {
      if (url.pathname === '/orders') return { body: '{"data":[{"id":1582323235375263744},{"id":1582323235375263745}]}' };
      const m = /^\/orders\/(\d+)\/lines$/.exec(url.pathname);
      return { body: `{"data":[{"line":1,"order_in_path":"${m![1]}"}]}` };
    });
    const source = resolved(
      config(t.api.base, [
        { name: 'orders', endpoint: { path: 'orders', data_selector: 'data', paginator: 'single_page' }, primary_key: 'id', write_disposition: 'merge' },
        {
          name: 'lines',
          endpoint: { path: 'orders/{resources.orders.id}/lines', data_selector: 'data', paginator: 'single_page' },
          include_from_parent: ['id'],
          primary_key: ['_orders_id', 'line'],
        },
      ]),
    );
    expect(outcomes(await sync(t.store, source))).toEqual({ orders: ['done', undefined], lines: ['done', undefined] });
    expect(t.api.calls.map((c) => c.url)).toEqual(['/orders', '/orders/1582323235375263744/lines', '/orders/1582323235375263745/lines']);
    expect(await rowsOf(t.store, 'lines')).toEqual([
      { line: 1, order_in_path: '1582323235375263744', _orders_id: 1582323235375263744n },
      { line: 1, order_in_path: '1582323235375263745', _orders_id: 1582323235375263745n },
    ]);
  });

  it('keeps the incremental cursor exact and starts the next sync after it', async () => {
    t.api = await startApi((_call, url) => {
      const after = BigInt(url.searchParams.get('since') ?? '0');
      const all = [1582323235375263744n, 1582323235375263745n];
      const rows = all.filter((v) => v > after).map((v) => `{"id":"r${v}","version":${v}}`);
      return { body: `{"data":[${rows.join(',')}]}` };
    });
    const source = resolved(
      config(t.api.base, [
        {
          name: 'feed',
          endpoint: {
            path: 'feed',
            data_selector: 'data',
            params: { since: '{incremental.start_value}' },
            incremental: { cursor_path: 'version', initial_value: 0 },
            paginator: 'single_page',
          },
          primary_key: 'id',
        },
      ]),
    );
    await sync(t.store, source);
    const state = await t.store.tableState('feed');
    expect(state.incrementalValue).toBe(1582323235375263745n);
    await sync(t.store, source);
    expect(t.api.calls.map((c) => c.url)).toEqual(['/feed?since=0', '/feed?since=1582323235375263745']);
    // What the popup is sent about the table carries no bigint (runtime messages are JSON).
    const progress = progressOf(await t.store.tableState('feed'));
    expect(() => JSON.stringify(progress)).not.toThrow();
  });

  it('reads a config number beyond 2^53 − 1 (initial_value, a param) with its digits', async () => {
    const { parseConfigText } = await import('@/lib/config');
    const result = parseConfigText(
      `{"client":{"base_url":"http://127.0.0.1:1"},"resources":[{"name":"feed","primary_key":"id","endpoint":{"path":"feed","paginator":"single_page","params":{"since":"{incremental.start_value}","tenant":1582323235375263745},"incremental":{"cursor_path":"version","initial_value":1582323235375263744}}}]}`,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.source.resources[0].params.tenant).toBe('1582323235375263745');
    expect(result.source.resources[0].incremental?.initialValue).toBe('1582323235375263744');
  });
});
