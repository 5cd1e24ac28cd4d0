/**
 * dlt's own config lists, as JSON, run through resolveConfig. Entries that need Python objects
 * (paginator or auth class instances, lambdas, a @dlt.resource) cannot be written as JSON and are
 * left out; each is named below with why.
 */
import { describe, expect, it } from 'vitest';
import { tokenUrlPermissions } from './auth';
import { resolveConfig } from './normalize';
import { errors, ok } from './testing';


// dlt: tests/sources/rest_api/configurations/source_configs.py VALID_CONFIGS.
// Left out: [2] SinglePagePaginator() instance, [5] CustomPaginator()/CustomOAuthAuth()/lambda
// table_name/dlt.sources.incremental objects, [6] HttpBasicAuth(...) instance, [10] a lambda
// table_name, [12] and [13] the repositories() @dlt.resource, the endpoint HttpBasicAuth(...)
// instance (Python objects, no JSON form).
const VALID: [string, unknown][] = [
  [
    'VALID_CONFIGS[0] legacy resolve param bound in the path',
    {
      client: { base_url: 'https://api.example.com' },
      resources: ['posts', { name: 'post_comments', endpoint: { path: 'posts/{post_id}/comments', params: { post_id: { type: 'resolve', resource: 'posts', field: 'id' } } } }],
    },
  ],
  ['VALID_CONFIGS[1] json_link by name with a static param', { client: { base_url: 'https://api.example.com' }, resources: [{ name: 'posts', endpoint: { path: 'posts', params: { limit: 100 }, paginator: 'json_link' } }] }],
  ['VALID_CONFIGS[3] bearer with a token', { client: { base_url: 'https://example.com', auth: { type: 'bearer', token: 'X' } }, resources: ['users'] }],
  ['VALID_CONFIGS[4] auth dict without type is bearer', { client: { base_url: 'https://example.com', auth: { token: 'X' } }, resources: ['users'] }],
  [
    'VALID_CONFIGS[7] legacy incremental param',
    {
      client: { base_url: 'https://api.example.com' },
      resources: [
        {
          name: 'posts',
          endpoint: { path: 'posts', params: { limit: 100, since: { type: 'incremental', cursor_path: 'updated_at', initial_value: '2024-01-25T11:21:28Z' } }, paginator: 'json_link' },
        },
      ],
    },
  ],
  [
    'VALID_CONFIGS[8] incremental with start_param and end_param',
    {
      client: { base_url: 'https://api.example.com' },
      resources: [
        {
          name: 'posts',
          endpoint: {
            path: 'posts',
            params: { limit: 100 },
            paginator: 'json_link',
            incremental: { start_param: 'since', end_param: 'until', cursor_path: 'updated_at', initial_value: '2024-01-25T11:21:28Z' },
          },
        },
      ],
    },
  ],
  [
    'VALID_CONFIGS[9] client headers; string, name-only and endpoint-string resources',
    { client: { base_url: 'https://api.example.com', headers: { 'X-Test-Header': 'test42' } }, resources: ['users', { name: 'users_2' }, { name: 'users_list', endpoint: 'users_list' }] },
  ],
  [
    'VALID_CONFIGS[11] static params bound into the path next to a resolve param',
    {
      client: { base_url: 'https://github.com/api/v2' },
      resources: [
        { name: 'issues', endpoint: { path: '{org}/{repo}/issues/', params: { org: 'dlt-hub', repo: 'dlt' } } },
        {
          name: 'comments',
          endpoint: { path: '{org}/{repo}/issues/{id}/comments', params: { org: 'dlt-hub', repo: 'dlt', id: { type: 'resolve', resource: 'issues', field: 'id' } } },
        },
      ],
    },
  ],
  // dlt: source_configs.py AUTH_TYPE_CONFIGS (the JSON-able ones; api_key in a cookie is refused below)
  ['AUTH_TYPE_CONFIGS bearer', { client: { base_url: 'https://example.com', auth: { type: 'bearer', token: 'token' } }, resources: ['users'] }],
  ['AUTH_TYPE_CONFIGS http_basic', { client: { base_url: 'https://example.com', auth: { type: 'http_basic', username: 'username' } }, resources: ['users'] }],
  [
    'AUTH_TYPE_CONFIGS oauth2_client_credentials',
    {
      client: {
        base_url: 'https://example.com',
        auth: { type: 'oauth2_client_credentials', access_token_url: 'https://example.com/oauth/token', access_token_request_data: { foo: 'bar' }, default_token_expiration: 60, client_id: 'a_client_id' },
      },
      resources: ['users'],
    },
  ],
  // dlt: configurations/test_auth_config.py test_auth_shorthands (auth as a type name)
  ...(['bearer', 'api_key', 'http_basic'] as const).map((t): [string, unknown] => [`auth shorthand "${t}"`, { client: { base_url: 'https://example.com', auth: t }, resources: ['users'] }]),
  // dlt: configurations/test_resolve_config.py test_two_resources_can_depend_on_one_parent_resource
  [
    'two children of one parent',
    {
      client: { base_url: 'https://api.example.com' },
      resources: [
        'users',
        { name: 'user_details', endpoint: { path: 'user/{user_id}/', params: { user_id: { type: 'resolve', field: 'id', resource: 'users' } } } },
        { name: 'meetings', endpoint: { path: 'meetings/{user_id}/', params: { user_id: { type: 'resolve', field: 'id', resource: 'users' } } } },
      ],
    },
  ],
  // dlt: test_resolve_config.py test_dependent_resource_can_bind_multiple_parameters
  [
    'two resolve params from one parent',
    {
      client: { base_url: 'https://api.example.com' },
      resources: [
        'users',
        {
          name: 'user_details',
          endpoint: {
            path: 'user/{user_id}/{group_id}',
            params: { user_id: { type: 'resolve', field: 'id', resource: 'users' }, group_id: { type: 'resolve', field: 'group', resource: 'users' } },
          },
        },
      ],
    },
  ],
  // dlt: integration/test_offline.py test_load_mock_api (placeholders in path, query, json and headers)
  [
    'placeholders in path, query, json body and headers',
    {
      client: { base_url: 'https://api.example.com' },
      resources: [
        'posts',
        { name: 'post_comments', endpoint: 'posts/{resources.posts.id}/comments' },
        { name: 'post_details', endpoint: { path: 'post_detail', params: { post_id: '{resources.posts.id}' } } },
        { name: 'post_search', endpoint: { path: 'post_comments', method: 'POST', json: { post_id: '{resources.posts.id}' } } },
        { name: 'post_headers', endpoint: { path: 'post_detail_via_headers', headers: { post_id: '{resources.posts.id}' } } },
      ],
    },
  ],
  // dlt: test_offline.py test_single_resource_query_string_params escaped_braces_in_params; test_incremental_object_interpolation
  [
    'escaped braces and every incremental placeholder',
    {
      client: { base_url: 'https://api.example.com' },
      resources: [
        {
          name: 'posts',
          endpoint: {
            path: 'posts',
            params: {
              braces: '{{not_this {{and}} {{not_that}}}}',
              initial_value: '{incremental.initial_value}',
              lag: '{incremental.lag}',
              since: '{incremental.start_value}',
              until: '{incremental.end_value}',
            },
            incremental: { cursor_path: 'id', initial_value: 1600000000, end_value: 1700000000, lag: 3600 },
          },
        },
      ],
    },
  ],
  // dlt: test_offline.py test_request_data_body, test_dependent_resource_post_data_param, test_post_data_param_with_list_of_tuples
  [
    'form and raw data bodies',
    {
      client: { base_url: 'https://api.example.com' },
      resources: [
        'posts',
        { name: 'form', endpoint: { path: 'post_form_data', method: 'POST', data: { key1: 'value1', post_id: '{resources.posts.id}' } } },
        { name: 'pairs', endpoint: { path: 'post_form_data', method: 'POST', data: [['key1', 'value1'], ['key1', 'another_value']] } },
        { name: 'raw', endpoint: { path: 'post_raw_data', method: 'POST', data: 'raw string data' } },
      ],
    },
  ],
  // dlt: docs rest_api/basic.md, write_disposition dict and schema hints
  [
    'write_disposition dict, table_name, columns and max_table_nesting',
    {
      client: { base_url: 'https://api.example.com' },
      resource_defaults: { primary_key: 'id', write_disposition: { disposition: 'merge', strategy: 'upsert' }, max_table_nesting: 1 },
      resources: [{ name: 'posts', table_name: 'blog_posts', columns: { id: { data_type: 'bigint' } }, endpoint: { path: 'posts', data_selector: null } }],
    },
  ],
  // dlt: integration/test_offline.py test_unauthorized_access_to_protected_endpoint (a path as a string resource)
  ['a string resource that is a path', { client: { base_url: 'https://api.example.com' }, resources: ['/protected/posts/bearer-token-plain-text-error'] }],
  // dlt: test_offline.py test_request_json_body empty_json_get (accepted; the body is left out in a browser)
  ['a GET with an empty json body', { client: { base_url: 'https://api.example.com' }, resources: ['posts', { name: 'c', endpoint: { path: 'posts/{resources.posts.id}/comments', method: 'GET', json: {} } }] }],
];

describe('dlt VALID_CONFIGS are accepted', () => {
  it.each(VALID)('%s', (_name, config) => {
    ok(resolveConfig(config));
  });
});

describe('what valid configs resolve to', () => {
  it('binds static params into the path and drops them from the query (dlt: test_resolve_config.py test_bind_path_param)', () => {
    const [issues, comments] = ok(resolveConfig(VALID.find(([n]) => n.startsWith('VALID_CONFIGS[11]'))![1])).resources;
    expect(issues).toMatchObject({ path: 'dlt-hub/dlt/issues/', params: {} });
    expect(comments).toMatchObject({ path: 'dlt-hub/dlt/issues/{resources.issues.id}/comments', params: {}, parent: { resource: 'issues' } });
  });

  it('binds a number into the path as text (dlt: test_bind_path_param tp_2)', () => {
    const source = ok(resolveConfig({ client: { base_url: 'https://x.example' }, resources: [{ name: 'c', endpoint: { path: '{org}/{repo}/issues/{id}/comments', params: { org: 'dlt-hub', repo: 'dlt', id: 12345 } } }] }));
    expect(source.resources[0]).toMatchObject({ path: 'dlt-hub/dlt/issues/12345/comments', params: {} });
  });

  it('turns a legacy incremental param into start_param (dlt: configurations/test_incremental_config.py test_constructs_incremental_from_request_param)', () => {
    const source = ok(resolveConfig(VALID.find(([n]) => n.startsWith('VALID_CONFIGS[7]'))![1]));
    expect(source.resources[0].params).toEqual({ limit: 100 });
    expect(source.resources[0].incremental).toEqual({ cursorPath: 'updated_at', initialValue: '2024-01-25T11:21:28Z', startParam: 'since' });
  });

  it('keeps start_param and end_param (dlt: test_constructs_incremental_from_endpoint_config_incremental)', () => {
    const source = ok(resolveConfig(VALID.find(([n]) => n.startsWith('VALID_CONFIGS[8]'))![1]));
    expect(source.resources[0].incremental).toEqual({ cursorPath: 'updated_at', initialValue: '2024-01-25T11:21:28Z', startParam: 'since', endParam: 'until' });
  });

  it('reads auth by type name and an endpoint auth over the client one (dlt: config_setup.py create_auth; __init__.py endpoint auth)', () => {
    const source = ok(
      resolveConfig({
        client: { base_url: 'https://x.example', auth: 'bearer' },
        resources: ['a', { name: 'b', endpoint: { path: 'b', auth: { type: 'api_key', name: 'key', location: 'param' } } }, { name: 'c', endpoint: { path: 'c', auth: null } }],
      }),
    );
    expect(source.auth).toEqual({ type: 'bearer' });
    expect(source.resources.map((r) => r.auth)).toEqual([undefined, { type: 'api_key', name: 'key', location: 'query' }, null]);
  });

  it('asks for host access to an OAuth token URL on another site, not for the store itself or local hosts', () => {
    const oauth = (url: string) => ({ type: 'oauth2_client_credentials' as const, accessTokenUrl: url, clientId: 'c' });
    expect(tokenUrlPermissions([oauth('https://auth.example.com/oauth/token'), null, { type: 'bearer' }, oauth('https://shop.example.com/token')], 'https://shop.example.com/api')).toEqual([
      'https://auth.example.com/*',
    ]);
    expect(tokenUrlPermissions([oauth('http://127.0.0.1:9/token')], 'https://shop.example.com')).toEqual([]);
  });

  it('accepts dlt hints, keeps max_table_nesting, and warns by name about what is not used', () => {
    const result = resolveConfig(VALID.find(([n]) => n.startsWith('write_disposition dict'))![1]);
    const [posts] = ok(result).resources;
    expect(posts).toMatchObject({ writeDisposition: 'merge', maxTableNesting: 1, dataSelector: undefined });
    expect(result.warnings.map((w) => w.path)).toEqual(['resources[0] (posts).table_name', 'resources[0] (posts).columns']);
  });

  it('warns that scd2 merges by key instead, and that merge without a key appends', () => {
    const cfg = (wd: unknown, pk?: string) => ({ client: { base_url: 'https://x.example' }, resources: [{ name: 'a', primary_key: pk, write_disposition: wd, endpoint: { path: 'a', paginator: 'single_page' } }] });
    const scd2 = resolveConfig(cfg({ disposition: 'merge', strategy: 'scd2', validity_column_names: ['from', 'to'] }, 'id'));
    expect(ok(scd2).resources[0].writeDisposition).toBe('merge');
    expect(scd2.warnings[0]).toEqual({
      path: 'resources[0] (a).write_disposition.strategy',
      message:
        'merge strategy "scd2" (history rows with validity columns) is not supported: rows are merged by primary_key instead, the latest copy of each row kept, and no validity columns are added',
    });
    expect(ok(resolveConfig(cfg({ disposition: 'replace', strategy: 'staging-optimized' }))).resources[0].writeDisposition).toBe('replace');
    expect(errors(resolveConfig(cfg({ disposition: 'merge', strategy: 'nope' }, 'id')))[0].path).toBe('resources[0] (a).write_disposition.strategy');
  });
});

// dlt: tests/sources/rest_api/configurations/source_configs.py INVALID_CONFIGS, and the rejections of
// test_resolve_config.py, test_incremental_config.py, test_auth_config.py and integration/test_offline.py.
// Left out: INVALID_CONFIGS[2..4] (auth without api_key: here the secret comes from the API token
// field, a deliberate difference) and [3] (an APIKeyAuth() instance).
const INVALID: [string, unknown, string, RegExp][] = [
  ['INVALID_CONFIGS[0] resources missing', { client: { base_url: '' } }, 'resources', /resources is required/],
  ['INVALID_CONFIGS[1] client missing', { resources: [] }, 'client', /client is required/],
  ['INVALID_CONFIGS[5] unknown key in client', { client: { base_url: 'https://api.example.com', invalid_key: 'value' }, resources: ['posts'] }, 'client.invalid_key', /unknown key "invalid_key"/],
  ['INVALID_CONFIGS[6] unknown paginator name', { client: { base_url: 'https://api.example.com', paginator: 'invalid_paginator' }, resources: ['posts'] }, 'client.paginator', /invalid_paginator/],
  [
    'INVALID_CONFIGS[7] resolve names an unknown parent',
    {
      client: { base_url: 'https://github.com/api/v2' },
      resources: ['issues', { name: 'comments', endpoint: { path: 'issues/{id}/comments', params: { id: { type: 'resolve', resource: 'issuess', field: 'id' } } } }],
    },
    'resources[1] (comments).endpoint',
    /issuess/,
  ],
  [
    'INVALID_CONFIGS[8] path placeholders without params',
    {
      client: { base_url: 'https://github.com/api/v2' },
      resources: [
        { name: 'issues', endpoint: { path: '{org}/{repo}/issues/' } },
        { name: 'comments', endpoint: { path: '{org}/{repo}/issues/{id}/comments', params: { id: { type: 'resolve', resource: 'issues', field: 'id' } } } },
      ],
    },
    'resources[0] (issues).endpoint.path',
    /\{org\}\/\{repo\}\/issues\//,
  ],
  ['AUTH_TYPE_CONFIGS api_key in a cookie', { client: { base_url: 'https://x.example', auth: { type: 'api_key', location: 'cookie' } }, resources: ['posts'] }, 'client.auth.location', /cannot set a Cookie header/],
  [
    'api_key in a cookie on one endpoint names the resource',
    { client: { base_url: 'https://x.example' }, resources: [{ name: 'posts', endpoint: { path: 'posts', auth: { type: 'api_key', name: 'sid', location: 'cookie' } } }] },
    'resources[0] (posts).endpoint.auth.location',
    /for resource "posts"/,
  ],
  // dlt: test_auth_config.py test_validation_masks_auth_secrets
  ['bearer with location', { client: { base_url: 'https://x.example', auth: { type: 'bearer', location: 'header', token: 'sensitive-secret' } }, resources: ['posts'] }, 'client.auth.location', /unknown key "location" in bearer auth/],
  // dlt: test_auth_config.py test_error_message_invalid_auth_type
  ['unknown auth type name', { client: { base_url: 'https://x.example', auth: 'non_existing_method' }, resources: ['posts'] }, 'client.auth', /bearer, api_key, http_basic, oauth2_client_credentials/],
  ['params at the resource level', { client: { base_url: 'https://x.example' }, resources: [{ name: 'posts', params: { limit: 10 } }] }, 'resources[0] (posts).params', /move it into "endpoint"/],
  // dlt: test_offline.py test_raises_error_for_unused_resolve_params
  [
    'a resolve param the path does not use',
    { client: { base_url: 'https://x.example' }, resources: ['posts', { name: 'post_details', endpoint: { path: 'posts', params: { post_id: { type: 'resolve', resource: 'posts', field: 'id' } } } }] },
    'resources[1] (post_details).endpoint.params.post_id',
    /does not use/,
  ],
  // dlt: test_offline.py test_raises_error_for_incorrect_interpolation (params, json), config_setup.py _raise_if_any_not_in (headers)
  ['{unknown.posts.id} in params', { client: { base_url: 'https://x.example' }, resources: ['posts', { name: 'd', endpoint: { path: 'post_detail', params: { post_id: '{unknown.posts.id}' } } }] }, 'resources[1] (d).endpoint.params.post_id', /unknown\.posts\.id/],
  [
    '{unknown.posts.id} in json',
    { client: { base_url: 'https://x.example' }, resources: ['posts', { name: 's', endpoint: { path: 'posts/search_by_id/{resources.posts.id}', method: 'POST', json: { post_id: '{unknown.posts.id}' } } }] },
    'resources[1] (s).endpoint.json.post_id',
    /unknown\.posts\.id/,
  ],
  ['{unknown.posts.id} in headers', { client: { base_url: 'https://x.example' }, resources: ['posts', { name: 'h', endpoint: { path: 'h', headers: { 'X-Id': '{unknown.posts.id}' } } }] }, 'resources[1] (h).endpoint.headers.X-Id', /unknown\.posts\.id/],
  ['{unknown.posts.id} in the path', { client: { base_url: 'https://x.example' }, resources: ['posts', { name: 'p', endpoint: 'posts/{unknown.posts.id}' }] }, 'resources[1] (p).endpoint.path', /not a valid placeholder/],
  ['{incremental.start_value} without incremental', { client: { base_url: 'https://x.example' }, resources: [{ name: 'p', endpoint: { path: 'p', params: { since: '{incremental.start_value}' } } }] }, 'resources[0] (p).endpoint.params.since', /needs endpoint.incremental/],
  // dlt: test_resolve_config.py test_one_resource_cannot_bind_two_parents
  [
    'two parents',
    {
      client: { base_url: 'https://x.example' },
      resources: [
        'users',
        'groups',
        {
          name: 'user_details',
          endpoint: { path: 'user/{user_id}/{group_id}', params: { user_id: { type: 'resolve', field: 'id', resource: 'users' }, group_id: { type: 'resolve', field: 'id', resource: 'groups' } } },
        },
      ],
    },
    'resources[2] (user_details).endpoint',
    /only one parent/,
  ],
  // dlt: test_resolve_config.py test_circular_resource_bindingis_invalid
  [
    'a parent cycle',
    {
      client: { base_url: 'https://x.example' },
      resources: [
        { name: 'chicken', endpoint: { path: 'chicken/{egg_id}/', params: { egg_id: { type: 'resolve', field: 'id', resource: 'egg' } } } },
        { name: 'egg', endpoint: { path: 'egg/{chicken_id}/', params: { chicken_id: { type: 'resolve', field: 'id', resource: 'chicken' } } } },
      ],
    },
    'resources[0] (chicken).endpoint',
    /loops: chicken → egg → chicken/,
  ],
  // dlt: test_incremental_config.py test_invalid_incremental_type_is_not_accepted, test_one_resource_cannot_have_many_incrementals, test_does_not_construct_incremental_from_request_param_with_unsupported_incremental
  ['a param of an unknown type', { client: { base_url: 'https://x.example' }, resources: [{ name: 'p', endpoint: { path: 'p', params: { since: { type: 'no_incremental', cursor_path: 'u' } } } }] }, 'resources[0] (p).endpoint.params.since.type', /"no_incremental"/],
  [
    'two incremental params',
    {
      client: { base_url: 'https://x.example' },
      resources: [{ name: 'p', endpoint: { path: 'p', params: { a: { type: 'incremental', cursor_path: 'updated_at' }, b: { type: 'incremental', cursor_path: 'created_at' } } } }],
    },
    'resources[0] (p).endpoint.params',
    /only one incremental param.*a, b/,
  ],
  [
    'end_value in an incremental param',
    { client: { base_url: 'https://x.example' }, resources: [{ name: 'p', endpoint: { path: 'p', params: { since: { type: 'incremental', cursor_path: 'u', initial_value: '1', end_value: '2' } } } }] },
    'resources[0] (p).endpoint.params.since',
    /end_value use endpoint.incremental/,
  ],
  [
    'end_param in an incremental param',
    { client: { base_url: 'https://x.example' }, resources: [{ name: 'p', endpoint: { path: 'p', params: { since: { type: 'incremental', cursor_path: 'u', end_param: 'until' } } } }] },
    'resources[0] (p).endpoint.params.since',
    /only start values/,
  ],
  // dlt: extract/incremental/__init__.py Incremental.on_resolved (end_value needs initial_value; end_value not below it)
  [
    'incremental end_value without initial_value',
    { client: { base_url: 'https://x.example' }, resources: [{ name: 'p', endpoint: { path: 'p', incremental: { cursor_path: 'u', start_param: 's', end_value: 5 } } }] },
    'resources[0] (p).endpoint.incremental.end_value',
    /needs initial_value/,
  ],
  [
    'incremental end_value below initial_value',
    { client: { base_url: 'https://x.example' }, resources: [{ name: 'p', endpoint: { path: 'p', incremental: { cursor_path: 'u', start_param: 's', initial_value: 10, end_value: 5 } } }] },
    'resources[0] (p).endpoint.incremental.end_value',
    /end_value 5 is lower than initial_value 10/,
  ],
  // dlt: __init__.py create_resources "has include_from_parent but is not dependent"
  ['include_from_parent without a parent', { client: { base_url: 'https://x.example' }, resources: [{ name: 'p', include_from_parent: ['id'] }] }, 'resources[0] (p).include_from_parent', /needs a parent/],
  // dlt: test_offline.py test_data_and_json_mutual_exclusivity
  ['json and data together', { client: { base_url: 'https://x.example' }, resources: [{ name: 'p', endpoint: { path: 'p', method: 'POST', json: { a: 1 }, data: { b: 2 } } }] }, 'resources[0] (p).endpoint.data', /both json and data/],
  ['unknown incremental key', { client: { base_url: 'https://x.example' }, resources: [{ name: 'p', endpoint: { path: 'p', incremental: { cursor_path: 'u', start_parm: 'since' } } }] }, 'resources[0] (p).endpoint.incremental.start_parm', /did you mean "start_param"/],
  ['a lone brace in a param', { client: { base_url: 'https://x.example' }, resources: [{ name: 'p', endpoint: { path: 'p', params: { q: '{"a": 1}' } } }] }, 'resources[0] (p).endpoint.params.q', /\{\{ and \}\} for literal braces/],
];

describe('dlt INVALID_CONFIGS and rejections are refused, naming the key', () => {
  it.each(INVALID)('%s', (_name, config, path, message) => {
    const found = errors(resolveConfig(config));
    expect(found.some((e) => e.path === path && message.test(e.message)), JSON.stringify(found, null, 1)).toBe(true);
  });

  // dlt: source_configs.py INVALID_CONFIGS[0] fails only on the missing "resources", [1] only on the
  // missing "client": validate_dict accepts base_url "" and resources [] (they fail when the source runs).
  it('names only the missing required key, not the other key\'s emptiness', () => {
    expect(errors(resolveConfig({ client: { base_url: '' } })).map((e) => e.path)).toEqual(['resources']);
    expect(errors(resolveConfig({ resources: [] })).map((e) => e.path)).toEqual(['client']);
    expect(errors(resolveConfig({})).map((e) => e.path)).toEqual(['client', 'resources']);
    // With both keys there, an empty base_url or resources list cannot run here: still an error each.
    expect(errors(resolveConfig({ client: { base_url: '' }, resources: [] })).map((e) => e.path)).toEqual(['client.base_url', 'resources']);
    expect(errors(resolveConfig({ client: {}, resources: ['posts'] })).map((e) => e.path)).toEqual(['client.base_url']);
  });

  it('never echoes the token of a refused auth block (dlt: test_auth_config.py test_validation_masks_auth_secrets)', () => {
    const result = resolveConfig(INVALID.find(([n]) => n === 'bearer with location')![1]);
    expect(JSON.stringify(result)).not.toContain('sensitive-secret');
  });

  it('never echoes an OAuth client_id or client_secret (dlt: test_auth_config.py test_secret_masking_oauth)', () => {
    const result = resolveConfig({
      client: { base_url: 'https://x.example', auth: { type: 'oauth2_client_credentials', access_token_url: 'ftp://sensitive-id-1', client_id: 'sensitive-id-1', client_secret: 'sensitive-secret', bogus: 1 } },
      resources: ['p'],
    });
    expect(errors(result).map((e) => e.path)).toEqual(['client.auth.bogus', 'client.auth.access_token_url']);
    expect(JSON.stringify(result)).not.toContain('sensitive-id-1');
    expect(JSON.stringify(result)).not.toContain('sensitive-secret');
  });
});
