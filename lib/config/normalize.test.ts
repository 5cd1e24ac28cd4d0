import { describe, expect, it } from 'vitest';
import { resolveConfig } from './normalize';
import { errors, ok } from './testing';

const BASE = 'https://shop.example.com';

function config(resources: unknown[], client: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return { client: { base_url: BASE, ...client }, resources, ...extra };
}

const cursor = { type: 'cursor', cursor_path: 'version.max', cursor_param: 'after', stop_after_empty_page: true };


describe('resolveConfig: client', () => {
  // dlt: a resource without write_disposition appends (dlt.resource's default), primary_key or not.
  it('applies defaults for a minimal config: append, with a warning when a primary_key has no write_disposition', () => {
    const result = resolveConfig(config([{ name: 'sales', endpoint: { path: '/api/sales', paginator: 'single_page' }, primary_key: 'id' }]));
    expect(result.warnings).toEqual([
      {
        path: 'resources[0] (sales).write_disposition',
        message: `primary_key is set but write_disposition is not: dlt's default appends, so every sync adds the rows again; write_disposition "merge" keeps one row per id`,
      },
    ]);
    expect(ok(result)).toEqual({
      baseUrl: BASE,
      headers: {},
      auth: null,
      retry: { maxRetries: 3, backoffFactor: 2, maxDelayMs: 300_000, statusCodes: [429, 500, 502, 503, 504], timeoutMs: 30_000 },
      resources: [
        {
          name: 'sales',
          path: '/api/sales',
          method: 'GET',
          params: {},
          dataSelector: undefined,
          paginator: { type: 'single_page', options: {} },
          primaryKey: ['id'],
          writeDisposition: 'append',
          includeFromParent: [],
          selected: true,
        },
      ],
    });
  });

  it('requires an absolute http(s) base_url', () => {
    expect(errors(resolveConfig({ client: {}, resources: ['x'] }))).toContainEqual({
      path: 'client.base_url',
      message: 'base_url is required: the API address, e.g. https://your-store.retail.lightspeed.app',
    });
    expect(errors(resolveConfig(config(['x'], { base_url: 'shop.example.com' })))).toContainEqual({
      path: 'client.base_url',
      message: 'base_url must be an absolute http(s) URL such as https://your-store.retail.lightspeed.app, got "shop.example.com"',
    });
    expect(errors(resolveConfig(config(['x'], { base_url: 'ftp://shop.example.com' })))[0].path).toBe('client.base_url');
  });

  it('drops a trailing slash from base_url', () => {
    expect(ok(resolveConfig(config([{ name: 'x', endpoint: { paginator: 'single_page' } }], { base_url: `${BASE}/api/` }))).baseUrl).toBe(`${BASE}/api`);
  });

  it('refuses credentials in headers without echoing them', () => {
    const result = resolveConfig(config(['x'], { headers: { Accept: 'application/json', authorization: 'Bearer s3cr3t-value' } }));
    expect(errors(result)).toEqual([
      { path: 'client.headers.authorization', message: 'credentials go in client.auth (the token is kept in extension storage), not in headers' },
    ]);
    expect(JSON.stringify(result)).not.toContain('s3cr3t-value');
  });

  it('resolves each auth type by name without keeping the secret', () => {
    const auth = (a: unknown) => ok(resolveConfig(config([{ name: 'x', endpoint: { paginator: 'single_page' } }], { auth: a }))).auth;
    expect(auth({ type: 'bearer', token: '{secrets.api_token}' })).toEqual({ type: 'bearer' });
    expect(auth({ token: 'literal-token' })).toEqual({ type: 'bearer' });
    expect(auth({ type: 'api_key', api_key: 'k-123456' })).toEqual({ type: 'api_key', name: 'Authorization', location: 'header' });
    expect(auth({ type: 'api_key', name: 'key', location: 'query' })).toEqual({ type: 'api_key', name: 'key', location: 'query' });
    expect(auth({ type: 'http_basic', username: 'me', password: 'pw-123456' })).toEqual({ type: 'http_basic', username: 'me' });
  });

  it('lists the valid auth types for an unknown one', () => {
    expect(errors(resolveConfig(config(['x'], { auth: { type: 'oauth2', token: 'abcd1234' } })))).toEqual([
      { path: 'client.auth.type', message: 'unknown auth type "oauth2"; valid types: bearer, api_key, http_basic, oauth2_client_credentials' },
    ]);
  });

  it('masks a literal secret even where a message would otherwise echo it', () => {
    const secret = 'tok-very-secret-123';
    const result = resolveConfig(config([{ name: 'x', endpoint: { path: `/a/${secret}` } }], { auth: { type: 'api_key', api_key: secret, location: 'cookie' } }));
    expect(errors(result)).toContainEqual({
      path: 'client.auth.location',
      message:
        'api_key in a cookie cannot be sent for every resource: a browser extension\'s fetch cannot set a Cookie header. Use "location": "header" or "query" if the API accepts the key there',
    });
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('reads client.retry into a RetryPolicy and rejects bad values', () => {
    const retry = { max_retries: 5, backoff_factor: 1, max_delay_s: 60, status_codes: [429, 503], timeout_s: 10 };
    expect(ok(resolveConfig(config([{ name: 'x', endpoint: { paginator: 'single_page' } }], { retry }))).retry).toEqual({
      maxRetries: 5,
      backoffFactor: 1,
      maxDelayMs: 60_000,
      statusCodes: [429, 503],
      timeoutMs: 10_000,
    });
    expect(errors(resolveConfig(config(['x'], { retry: { max_retries: -1, status_codes: [200] } })))).toEqual([
      { path: 'client.retry.max_retries', message: 'max_retries must be a whole number ≥ 0, got -1' },
      { path: 'client.retry.status_codes', message: 'status_codes must be a list of HTTP error statuses (400–599), got [200]' },
    ]);
  });

  // dlt: validate_dict refuses unexpected keys (source_configs.py INVALID_CONFIGS "In path ./client: following fields are unexpected")
  it('refuses unknown keys at every level, suggesting the likely key, and warns about dlt loader hints', () => {
    const result = resolveConfig({
      client: { base_url: BASE, retries: {} },
      resources: [{ name: 'x', endpoint: { path: 'x', paginator: 'single_page', data_selecter: 'data' }, primary_keys: 'id', table_name: 't' }],
      extra: 1,
    });
    expect(errors(result)).toEqual([
      { path: 'extra', message: 'unknown key "extra" in the config; valid keys: client, resources, resource_defaults' },
      { path: 'client.retries', message: 'unknown key "retries" in client; did you mean "retry"?' },
      { path: 'resources[0] (x).primary_keys', message: 'unknown key "primary_keys" in a resource; did you mean "primary_key"?' },
      { path: 'resources[0] (x).endpoint.data_selecter', message: 'unknown key "data_selecter" in endpoint; did you mean "data_selector"?' },
    ]);
    expect(result.warnings).toEqual([
      { path: 'resources[0] (x).table_name', message: '"table_name" is a dlt loader hint: the table is kept and exported under the resource name' },
    ]);
  });

  // dlt: rest_api/typing.py ResourceBase lists `parent` (a dlt.resource hint) beside table_name.
  it('accepts the resource key "parent" as a dlt loader hint, with a warning', () => {
    const result = resolveConfig({
      client: { base_url: BASE },
      resources: [
        { name: 'posts', endpoint: { path: 'posts', paginator: 'single_page' } },
        { name: 'comments', parent: 'posts', endpoint: { path: 'posts/{resources.posts.id}/comments', paginator: 'single_page' } },
      ],
    });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      { path: 'resources[1] (comments).parent', message: '"parent" is a dlt loader hint: the table is kept under the resource name, linked to its parent only through placeholders' },
    ]);
  });

  it('rejects something that is not a config object', () => {
    expect(errors(resolveConfig([]))).toEqual([{ path: 'config', message: 'the config must be a JSON object with "client" and "resources"' }]);
    expect(errors(resolveConfig({ client: { base_url: BASE }, resources: [] }))).toEqual([
      { path: 'resources', message: 'resources must be a non-empty list of resources to sync' },
    ]);
  });
});

describe('resolveConfig: resources', () => {
  // dlt: rest_api/config_setup.py create_paginator — no paginator is "auto", detected from the first response.
  it('treats a string resource as name and path, detecting its paginator and data selector at run time', () => {
    const result = resolveConfig(config(['brands']));
    expect(ok(result).resources[0]).toMatchObject({ name: 'brands', path: 'brands', writeDisposition: 'append', primaryKey: [], paginator: { type: 'auto', options: {} } });
    expect(ok(result).resources[0].dataSelector).toBeUndefined();
    expect(result.warnings).toEqual([]);
  });

  it('merges resource_defaults: endpoint keys replaced, params merged key-wise, the resource wins', () => {
    const source = ok(
      resolveConfig(
        config(['a', { name: 'b', endpoint: { path: '/b', params: { page_size: 10, extra: 'x' }, paginator: 'single_page' }, selected: false }], {}, {
          resource_defaults: {
            primary_key: 'id',
            write_disposition: 'merge',
            endpoint: { data_selector: 'data', params: { page_size: 500, deleted: true }, paginator: cursor },
          },
        }),
      ),
    );
    expect(source.resources[0]).toMatchObject({
      params: { page_size: 500, deleted: true },
      dataSelector: 'data',
      paginator: { type: 'cursor' },
      writeDisposition: 'merge',
    });
    expect(source.resources[1]).toMatchObject({
      params: { page_size: 10, deleted: true, extra: 'x' },
      paginator: { type: 'single_page' },
      selected: false,
    });
  });

  it('uses client.paginator as a default after resource_defaults', () => {
    const source = ok(resolveConfig(config(['a', { name: 'b', endpoint: { paginator: 'single_page' } }], { paginator: cursor })));
    expect(source.resources.map((r) => r.paginator.type)).toEqual(['cursor', 'single_page']);
  });

  it('rejects duplicate and missing names', () => {
    expect(errors(resolveConfig(config([{ name: 'a', endpoint: { paginator: 'single_page' } }, 'a', { endpoint: 'x' }])))).toEqual([
      { path: 'resources[1] (a)', message: 'duplicate resource name "a" (also resources[0] (a)); names must be unique' },
      { path: 'resources[2].name', message: 'every resource needs a "name"' },
    ]);
  });

  // dlt: merge without a primary or merge key loads like append (docs: incremental-loading, merge disposition)
  it('appends, with a warning, when merge has no primary key', () => {
    const result = resolveConfig(config([{ name: 'a', write_disposition: 'merge', endpoint: { paginator: 'single_page' } }]));
    expect(ok(result).resources[0].writeDisposition).toBe('append');
    expect(result.warnings).toContainEqual({
      path: 'resources[0] (a).write_disposition',
      message: 'write_disposition "merge" without a primary_key: rows are appended, as dlt does when there is no key to merge on',
    });
  });

  it('lists valid paginator types for an unknown one', () => {
    const resources = Array.from({ length: 9 }, (_, i) => ({ name: `r${i}`, endpoint: { paginator: 'single_page' } }));
    resources.push({ name: 'sales', endpoint: { paginator: { type: 'curser' } } } as never);
    expect(errors(resolveConfig(config(resources)))).toEqual([
      {
        path: 'resources[9] (sales).endpoint.paginator.type',
        message: 'unknown paginator type "curser"; valid types: single_page, page_number, offset, cursor, header_link, header_cursor, json_link, auto',
      },
    ]);
  });

  it('reports paginator option problems under the paginator path', () => {
    expect(errors(resolveConfig(config([{ name: 's', endpoint: { paginator: { type: 'offset', limit: '100' } } }])))).toEqual([
      { path: 'resources[0] (s).endpoint.paginator.limit', message: 'limit must be a positive integer, got "100"' },
    ]);
  });

  it('accepts json_response as a deprecated alias of json_link', () => {
    const result = resolveConfig(config([{ name: 's', endpoint: { paginator: { type: 'json_response', next_url_path: 'next' } } }]));
    expect(ok(result).resources[0].paginator).toEqual({ type: 'json_link', options: { next_url_path: 'next' } });
    expect(result.warnings).toEqual([
      { path: 'resources[0] (s).endpoint.paginator.type', message: 'paginator type "json_response" is a deprecated name; use "json_link"' },
    ]);
  });

  it('validates data_selector, method and params', () => {
    expect(
      errors(
        resolveConfig(config([{ name: 's', endpoint: { paginator: 'single_page', data_selector: 'data[?(@.ok)]', method: 'PUT', params: { q: [[1]] } } }])),
      ),
    ).toEqual([
      { path: 'resources[0] (s).endpoint.params.q', message: 'param values must be text, numbers, true/false or a list of those (sent as the name repeated), got [[1]]' },
      { path: 'resources[0] (s).endpoint.method', message: 'method must be "GET" or "POST", got "PUT"' },
      {
        path: 'resources[0] (s).endpoint.data_selector',
        message: `data_selector "data[?(@.ok)]" is not a JSONPath: it uses a filter expression ([?…]), which is not supported; select by name, index, slice or wildcard; write a path such as data.items, $.data[*], ['@odata.nextLink'] or Quotes[-1].id`,
      },
    ]);
  });
});

describe('resolveConfig: endpoint paths', () => {
  const withPath = (path: string) => resolveConfig(config([{ name: 's', endpoint: { path, paginator: 'single_page' } }]));

  it('refuses an absolute URL to another site', () => {
    expect(errors(withPath('https://evil.example.net/api/sales'))).toEqual([
      {
        path: 'resources[0] (s).endpoint.path',
        message:
          '"https://evil.example.net/api/sales" points at https://evil.example.net, not base_url\'s site, and would send your token to another site; use a path relative to base_url',
      },
    ]);
  });

  it('refuses a protocol-relative URL and non-http schemes', () => {
    expect(errors(withPath('//evil.example.net/x'))[0].message).toBe(
      '"//evil.example.net/x" is a protocol-relative URL to another host, which would send your token to another site; use a path relative to base_url',
    );
    expect(errors(withPath('javascript:alert(1)'))[0].message).toBe(
      '"javascript:alert(1)" is not an http(s) URL; use a path relative to base_url such as /api/2.0/sales',
    );
  });

  it('warns about an absolute URL on the same site', () => {
    const result = withPath(`${BASE}/api/2.0/sales`);
    expect(ok(result).resources[0].path).toBe(`${BASE}/api/2.0/sales`);
    expect(result.warnings).toEqual([
      {
        path: 'resources[0] (s).endpoint.path',
        message: `"${BASE}/api/2.0/sales" is an absolute URL; prefer a path relative to base_url (e.g. /api/2.0/sales) so it follows the Store URL set on the options page`,
      },
    ]);
  });

  it('refuses braces that are not parent references', () => {
    // dlt: config_setup.py _bind_path_params "requires a param named"
    expect(errors(withPath('/sales/{id}/x'))[0].message).toBe('the path "/sales/{id}/x" of resource "s" needs a param named "id", but endpoint.params has none');
    expect(errors(withPath('/sales/{{ stream_partition.sale_id }}/x'))[0].message).toBe(
      '"{{ stream_partition.sale_id }}" is an Airbyte template, not a dlt placeholder; write {resources.<parent>.<field>}, e.g. {resources.sales.id}',
    );
    expect(errors(withPath('/sales/{resources.sales}/x'))[0].message).toBe(
      `"{resources.sales}" is not a parent reference; write {resources.<parent>.<field>}, e.g. {resources.sales.id}, or {resources.sales['ext.id']} for a key holding dots`,
    );
    expect(errors(withPath('/sales/x}'))[0].message).toBe('"/sales/x}": a single "}" must be written "}}" (dlt reads braces as placeholders)');
  });
});

describe('resolveConfig: parents and children', () => {
  const parent = { name: 'sales', endpoint: { path: '/sales', paginator: cursor }, primary_key: 'id' };

  it('links a child through a path placeholder', () => {
    const source = ok(
      resolveConfig(config([parent, { name: 'lines', endpoint: { path: '/sales/{resources.sales.id}/lines', paginator: 'single_page' }, include_from_parent: ['id'] }])),
    );
    expect(source.resources[1]).toMatchObject({ parent: { resource: 'sales', refs: [{ resource: 'sales', field: 'id' }] }, includeFromParent: ['id'] });
  });

  it('links a child through a query param placeholder', () => {
    const source = ok(resolveConfig(config([parent, { name: 'p', endpoint: { path: '/p', params: { sale: '{resources.sales.meta.id}' }, paginator: 'single_page' } }])));
    expect(source.resources[1].parent).toEqual({ resource: 'sales', refs: [{ resource: 'sales', field: 'meta.id' }] });
  });

  it('takes the whole rest after resources.<parent> as the field: dotted, bracket-quoted, in every part and in resolve params', () => {
    const child = {
      name: 'c',
      endpoint: {
        path: "/s/{resources.sales['ext.id']}/{sid}",
        method: 'POST',
        params: { a: '{resources.sales.ext.id}', sid: { type: 'resolve', resource: 'sales', field: "['ext.id']" } },
        headers: { 'X-A': "{resources.sales.['a.b'].c}" },
        json: { "{resources.sales['k']}": '{resources.sales.x[0]}' },
        paginator: 'single_page',
      },
    };
    const source = ok(resolveConfig(config([parent, child])));
    expect(source.resources[1].path).toBe("/s/{resources.sales['ext.id']}/{resources.sales.['ext.id']}");
    expect(source.resources[1].parent?.refs.map((r) => `${r.resource} ${r.field}`)).toEqual([
      "sales ['ext.id']",
      "sales ['ext.id']",
      'sales ext.id',
      "sales ['a.b'].c",
      "sales ['k']",
      'sales x[0]',
    ]);
    expect(errors(resolveConfig(config([parent, { name: 'd', endpoint: { path: "/s/{resources.sales['ext.id}", paginator: 'single_page' } }])))[0].message).toMatch(
      /^"\{resources\.sales\['ext\.id\}": the field /,
    );
  });

  it('converts dlt’s legacy resolve params', () => {
    const source = ok(
      resolveConfig(
        config([
          parent,
          {
            name: 'lines',
            endpoint: {
              path: '/sales/{sale_id}/lines',
              params: { sale_id: { type: 'resolve', resource: 'sales', field: 'id' }, outlet: '{resources.sales.outlet_id}' },
              paginator: 'single_page',
            },
          },
        ]),
      ),
    );
    expect(source.resources[1]).toMatchObject({
      path: '/sales/{resources.sales.id}/lines',
      params: { outlet: '{resources.sales.outlet_id}' },
      parent: { resource: 'sales' },
    });
  });

  it('rejects an unknown parent, naming the resources', () => {
    expect(errors(resolveConfig(config([parent, { name: 'c', endpoint: { path: '/x/{resources.sale.id}', paginator: 'single_page' } }])))).toEqual([
      { path: 'resources[1] (c).endpoint', message: 'unknown parent resource "sale" in {resources.sale.…}; resources: sales, c' },
    ]);
  });

  it('rejects a resource that is its own parent, or has two parents', () => {
    const self = { name: 'a', endpoint: { path: '/a/{resources.a.id}', paginator: 'single_page' } };
    expect(errors(resolveConfig(config([self])))[0].message).toBe('"a" refers to itself in {resources.a.…}; a parent must be another resource');
    const two = { name: 'b', endpoint: { path: '/x/{resources.sales.id}/{resources.a.id}', paginator: 'single_page' } };
    expect(errors(resolveConfig(config([parent, { name: 'a', endpoint: { paginator: 'single_page' } }, two])))).toEqual([
      { path: 'resources[2] (b).endpoint', message: 'a resource can have only one parent, but this one refers to sales and a' },
    ]);
  });

  it('detects a cycle of parents', () => {
    const a = { name: 'a', endpoint: { path: '/a/{resources.b.id}', paginator: 'single_page' } };
    const b = { name: 'b', endpoint: { path: '/b/{resources.a.id}', paginator: 'single_page' } };
    expect(errors(resolveConfig(config([a, b])))).toEqual([{ path: 'resources[0] (a).endpoint', message: 'parent chain loops: a → b → a' }]);
  });

  it('requires a parent for include_from_parent and an included field for a parent key column', () => {
    expect(errors(resolveConfig(config([{ name: 'a', include_from_parent: ['id'], endpoint: { paginator: 'single_page' } }])))).toEqual([
      {
        path: 'resources[0] (a).include_from_parent',
        message: 'include_from_parent needs a parent: put {resources.<parent>.<field>} in the path or a param',
      },
    ]);
    const child = { name: 'c', endpoint: { path: '/s/{resources.sales.id}/c', paginator: 'single_page' }, primary_key: ['_sales_id', 'product_id'] };
    expect(errors(resolveConfig(config([parent, child])))).toEqual([
      { path: 'resources[1] (c).primary_key', message: 'primary key column "_sales_id" comes from the parent only if include_from_parent lists "id"' },
    ]);
  });
});
