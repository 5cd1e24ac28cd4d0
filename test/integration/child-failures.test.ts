/**
 * Issue 9, kind 7: one parent's 404 never sinks a child table. dlt's response_actions ignore it
 * (the preset does so for its child tables); without them the failed parent is recorded, the
 * other parents' rows are kept, the table names the failure, and the next sync retries it.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { eachTest, outcomes, resolved, rowsOf, startApi, sync, TOKEN, type TestApi } from './api-kit';

const t = eachTest('child-failures');

/** Three sales behind a version cursor; `gone` sales answer 404 for their fulfillments (deleted meanwhile). */
function salesApi(gone: Set<string>, status = 404) {
  return startApi((_call, url) => {
    if (url.pathname === '/sales') {
      const after = Number(url.searchParams.get('after') ?? 0);
      const data = [1, 2, 3].filter((v) => v > after).map((v) => ({ id: `sale-${v}`, version: v }));
      return { body: { data, version: { max: data.at(-1)?.version ?? null } } };
    }
    const sale = /^\/sales\/([^/]+)\/fulfillments$/.exec(url.pathname)![1];
    if (gone.has(sale)) return { status, body: { error: 'Not Found', message: `sale ${sale} not found` } };
    return { body: { data: [{ id: `f-${sale}` }] } };
  });
}

function config(base: string, responseActions?: unknown) {
  return resolved({
    client: { base_url: base, auth: { type: 'bearer', token: TOKEN } },
    resources: [
      {
        name: 'sales',
        primary_key: 'id',
        endpoint: {
          path: 'sales',
          data_selector: 'data',
          params: { after: '{incremental.start_value}' },
          incremental: { cursor_path: 'version', initial_value: 0 },
          paginator: { type: 'cursor', cursor_path: 'version.max', cursor_param: 'after', stop_after_empty_page: true },
        },
      },
      {
        name: 'fulfillments',
        primary_key: 'id',
        include_from_parent: ['id'],
        endpoint: {
          path: 'sales/{resources.sales.id}/fulfillments',
          data_selector: 'data',
          paginator: 'single_page',
          ...(responseActions === undefined ? {} : { response_actions: responseActions }),
        },
      },
    ],
  });
}

const childCalls = (server: TestApi) => server.calls.map((c) => c.url).filter((u) => u.includes('fulfillments'));

describe('response_actions', () => {
  it('sale-2 answering 404 with {status_code: 404, action: ignore} counts as no rows: the table is done', async () => {
    t.api = await salesApi(new Set(['sale-2']));
    const result = await sync(t.store, config(t.api.base, [{ status_code: 404, action: 'ignore' }]));
    expect(outcomes(result)).toEqual({ sales: ['done', undefined], fulfillments: ['done', undefined] });
    expect((await rowsOf(t.store, 'fulfillments')).map((r) => [r.id, r._sales_id])).toEqual([
      ['f-sale-1', 'sale-1'],
      ['f-sale-3', 'sale-3'],
    ]);
  });

  it('a content match ignores the response whatever its status', async () => {
    t.api = await salesApi(new Set(['sale-2']), 410);
    const result = await sync(t.store, config(t.api.base, [{ content: 'not found', action: 'ignore' }]));
    expect(outcomes(result).fulfillments).toEqual(['done', undefined]);
  });

  it('an action for another status leaves the 404 an error (dlt raises what no action matches)', async () => {
    t.api = await salesApi(new Set(['sale-2']));
    const result = await sync(t.store, config(t.api.base, [{ status_code: 422, action: 'ignore' }]));
    expect(outcomes(result).fulfillments[0]).toBe('error');
  });
});

describe('a parent whose child requests fail', () => {
  it('keeps the other parents’ rows, names how many failed and why, and the next sync retries only it', async () => {
    const gone = new Set(['sale-2']);
    t.api = await salesApi(gone);
    const first = await sync(t.store, config(t.api.base));
    expect(outcomes(first)).toEqual({
      sales: ['done', undefined],
      fulfillments: [
        'error',
        'fulfillments: the requests for 1 sales row failed, so its rows are missing; the next sync tries again. sales sale-2: the store has no /sales/sale-2/fulfillments (HTTP 404 Not Found)',
      ],
    });
    expect((await rowsOf(t.store, 'fulfillments')).map((r) => r.id)).toEqual(['f-sale-1', 'f-sale-3']);
    const state = await t.store.tableState('fulfillments');
    expect(state).toMatchObject({ status: 'error', rowsStored: 2, failedParents: [{ id: 'sale-2', reason: 'the store has no /sales/sale-2/fulfillments (HTTP 404 Not Found)' }] });

    // The sale comes back: the next sync visits no unchanged sale but the one that failed.
    gone.clear();
    t.api.calls.length = 0;
    const second = await sync(t.store, config(t.api.base));
    expect(outcomes(second)).toEqual({ sales: ['done', undefined], fulfillments: ['done', undefined] });
    expect(childCalls(t.api)).toEqual(['/sales/sale-2/fulfillments']);
    expect((await rowsOf(t.store, 'fulfillments')).map((r) => r.id).sort()).toEqual(['f-sale-1', 'f-sale-2', 'f-sale-3']);
    expect(await t.store.tableState('fulfillments')).toMatchObject({ status: 'done', failedParents: [], rowsStored: 3 });
  });

  it('a parent that keeps failing is retried at every sync without holding back the others', async () => {
    t.api = await salesApi(new Set(['sale-1', 'sale-3']));
    await sync(t.store, config(t.api.base));
    t.api.calls.length = 0;
    const again = await sync(t.store, config(t.api.base));
    expect(childCalls(t.api)).toEqual(['/sales/sale-1/fulfillments', '/sales/sale-3/fulfillments']);
    expect(outcomes(again).fulfillments[1]).toMatch(/^fulfillments: the requests for 2 sales rows failed, so their rows are missing; the next sync tries again\. sales sale-1: .*; sales sale-3: /);
    expect((await rowsOf(t.store, 'fulfillments')).map((r) => r.id)).toEqual(['f-sale-2']);
  });
});
