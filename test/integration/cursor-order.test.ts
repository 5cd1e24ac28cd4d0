/**
 * Issue 9, kind 8: incremental cursor values are ordered as what they are. Timestamps with offsets
 * and fractional seconds are instants, so the "changed since" filter of a child table visits a
 * parent whose change is later in time though earlier as text, and the stored maximum is the
 * latest instant.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { eachTest, outcomes, resolved, rowsOf, startApi, sync, TOKEN } from './api-kit';

const t = eachTest('cursor-order');

describe('timestamps as instants', () => {
  it('a parent changed to 12:00-05:00 (after 15:30Z) and one changed a fraction of a second past the stored instant (….11075Z) get their children fetched', async () => {
    const customers = new Map<string, string>([
      ['a', '2024-10-20T15:30:00+00:00'],
      ['b', '2024-10-20T10:50:32Z'],
    ]);
    const notes = new Map<string, string>([
      ['a', 'a1'],
      ['b', 'b1'],
    ]);
    t.api = await startApi((_call, url) => {
      if (url.pathname === '/customers') {
        const since = url.searchParams.get('since');
        // The server filters by instant, as a real API does.
        const data = [...customers].filter(([, t]) => !since || Date.parse(t) > Date.parse(since)).map(([id, updated_at]) => ({ id, updated_at }));
        return { body: { data } };
      }
      const id = /^\/customers\/(\w+)\/notes$/.exec(url.pathname)![1];
      return { body: { data: [{ note: notes.get(id) }] } };
    });
    const source = resolved({
      client: { base_url: t.api.base, auth: { type: 'bearer', token: TOKEN } },
      resources: [
        {
          name: 'customers',
          primary_key: 'id',
          write_disposition: 'merge',
          endpoint: {
            path: 'customers',
            data_selector: 'data',
            params: { since: '{incremental.start_value}' },
            incremental: { cursor_path: 'updated_at', initial_value: '' },
            paginator: 'single_page',
          },
        },
        {
          name: 'notes',
          primary_key: ['_customers_id'],
          write_disposition: 'merge',
          include_from_parent: ['id'],
          endpoint: { path: 'customers/{resources.customers.id}/notes', data_selector: 'data', paginator: 'single_page' },
        },
      ],
    });

    expect(outcomes(await sync(t.store, source))).toEqual({ customers: ['done', undefined], notes: ['done', undefined] });
    expect((await t.store.tableState('customers')).incrementalValue).toBe('2024-10-20T15:30:00+00:00');

    // b changes: 12:00 at UTC−5 is 17:00Z, later than 15:30Z though "12" sorts before "15" as text.
    customers.set('b', '2024-10-20T12:00:00-05:00');
    notes.set('b', 'b2');
    t.api.calls.length = 0;
    expect(outcomes(await sync(t.store, source))).toEqual({ customers: ['done', undefined], notes: ['done', undefined] });
    expect(t.api.calls.map((c) => c.url)).toEqual(['/customers?since=2024-10-20T15%3A30%3A00%2B00%3A00', '/customers/b/notes']);
    expect((await t.store.tableState('customers')).incrementalValue).toBe('2024-10-20T12:00:00-05:00');

    // a changes by a fraction of a second past the stored instant.
    customers.set('a', '2024-10-20T17:00:00.11075Z');
    notes.set('a', 'a2');
    t.api.calls.length = 0;
    await sync(t.store, source);
    expect(t.api.calls.map((c) => c.url).filter((u) => u.includes('notes'))).toEqual(['/customers/a/notes']);
    expect((await t.store.tableState('customers')).incrementalValue).toBe('2024-10-20T17:00:00.11075Z');
    expect((await rowsOf(t.store, 'notes')).map((r) => r.note).sort()).toEqual(['a2', 'b2']);
  });
});
