import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { RETAIL_PRESET, resolveConfig, translateSeedDialect } from '@/lib/config';
import type { ConfigIssue, JsonValue, ResolvedResource } from '@/lib/config/types';
import { DLT_VERSION, pipelineFiles, pipelineZip } from './project';
import { EXPECTED_ZIP_ENTRIES } from './test-helpers';
import { PARENT_FILTER_HELPER, translateToDlt, type TranslationInput } from './translate';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-dlt-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** python3 must be there: the generated project is Python, and these tests are its only check here (dlt cannot be installed). */
function python(args: string[], input?: string): string {
  try {
    return execFileSync('python3', args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { code?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error('python3 is required by these tests (apt-get install -y python3)');
    throw new Error(`python3 ${args.join(' ')} failed: ${e.stderr ?? err}`);
  }
}

/**
 * Writes the project to disk, byte-compiles pipeline.py (`py_compile`, as `python3 -m py_compile`), reads the
 * CONFIG assignment back with Python's own parser (`ast.literal_eval`) and both TOML files with
 * `tomllib`, and returns them as JSON.
 */
function readBackWithPython(files: Record<string, string>) {
  const root = fs.mkdtempSync(path.join(dir, 'p-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  // One interpreter per project: starting python3 is the slow part on a busy machine.
  const script = `
import ast, json, py_compile, sys, tomllib
root = sys.argv[1]
py_compile.compile(root + "/pipeline.py", doraise=True)
tree = ast.parse(open(root + "/pipeline.py", encoding="utf-8").read())
config = [ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["CONFIG"]]
toml = {name: tomllib.load(open(root + "/.dlt/" + name, "rb")) for name in ("config.toml", "secrets.toml.example")}
print(json.dumps({"config": config, "toml": toml}))
`;
  return JSON.parse(python(['-c', script, root])) as { config: JsonValue[]; toml: Record<string, Record<string, Record<string, Record<string, JsonValue>>>> };
}

const messages = (issues: ConfigIssue[]) => issues.map((i) => `${i.path}: ${i.message}`);

/**
 * The round trip every config must survive: config → translation → pipeline.py → the CONFIG
 * Python reads back is the translated config, it passes this project's own validation with no
 * new warning, and every resource resolves to what the extension runs (same paths, params,
 * paginators, keys, incremental, parents), apart from the table selection.
 */
function expectRoundTrip(input: TranslationInput, opts: { warningsBefore?: boolean } = {}) {
  const translation = translateToDlt(input);
  const files = pipelineFiles(translation, new Date(2026, 10, 30));
  const back = readBackWithPython(files);
  expect(back.config).toHaveLength(1);
  expect(back.config[0]).toEqual(translation.config);

  const original = resolveConfig(input.raw);
  const translated = resolveConfig(back.config[0]);
  if (!original.ok || !translated.ok) throw new Error(`does not resolve: ${JSON.stringify(translated)}`);
  // No warning at all, unless the input already had some (the seed's): then none it did not have.
  const before = new Set(opts.warningsBefore ? messages(original.warnings) : []);
  expect(messages(translated.warnings).filter((w) => !before.has(w))).toEqual([]);
  expect(translated.source.baseUrl).toBe(translation.storeUrl);
  // dlt keeps retries outside the source config: the extension's policy is in [runtime].
  const { retry } = original.source;
  expect(back.toml['config.toml'].runtime).toEqual({
    request_max_attempts: retry.maxRetries + 1,
    request_backoff_factor: retry.backoffFactor,
    request_max_retry_delay: retry.maxDelayMs / 1000,
    request_timeout: retry.timeoutMs / 1000,
  });
  const selection = (r: ResolvedResource) => (input.selected ? input.selected.includes(r.name) : r.selected);
  // What parent_filter does moves into pipeline.py's code (a filter step), so the config no longer carries it.
  const asInConfig = (r: ResolvedResource) => {
    const { parentFilter: _moved, ...rest } = r as ResolvedResource & { parentFilter?: unknown };
    return { ...rest, selected: selection(r) };
  };
  expect(translated.source.resources).toEqual(original.source.resources.map(asInConfig));
  return { translation, files, back };
}

const SEED_FILE = fileURLToPath(new URL('../../../shared/seed/000_197f0376c8f132e6.txt', import.meta.url));

/** The seed's rest_api_source({...}) argument as JSON, with a literal token that must never reach the project. */
function seedConfig(): unknown {
  const text = fs.readFileSync(SEED_FILE, 'utf8');
  const start = text.indexOf('rest_api_source({') + 'rest_api_source('.length;
  const end = text.indexOf('\n})', start) + 2;
  return translateSeedDialect(JSON.parse(text.slice(start, end).replace('dlt.secrets["api_key"]', '"seed-secret-token-4f9c2a"'))).config;
}

const PASTED: Record<string, unknown> = {
  'a GitHub-style config: client paginator and retry, string resources, a merge and an append table, a literal token': {
    client: {
      base_url: 'https://api.example.com/v1/',
      auth: { type: 'bearer', token: 'ghp_literal_secret_123' },
      paginator: { type: 'header_link' },
      retry: { max_retries: 5, backoff_factor: 1.5, max_delay_s: 30, timeout_s: 10, status_codes: [429, 503] },
      headers: { Accept: 'application/json' },
    },
    resource_defaults: { endpoint: { params: { per_page: 100 } } },
    resources: [
      'issues',
      { name: 'pulls', endpoint: { path: 'pulls', params: { state: 'all' } }, primary_key: 'id', write_disposition: 'merge' },
      {
        name: 'comments',
        endpoint: { path: 'issues/{resources.issues.number}/comments', paginator: 'single_page' },
        include_from_parent: ['id'],
        primary_key: ['_issues_id', 'id'],
        write_disposition: 'append',
      },
    ],
  },
  'an offset API with api_key auth in the query and an id cursor with has_more': {
    client: { base_url: 'https://shop.example.org', auth: { type: 'api_key', name: 'key', api_key: '{secrets.api_token}', location: 'query' } },
    resources: [
      { name: 'orders', endpoint: { path: '/orders', data_selector: 'items', paginator: { type: 'offset', limit: 50, total_path: 'total' } }, primary_key: 'order_id', write_disposition: 'merge' },
      {
        name: 'events',
        endpoint: {
          path: '/events',
          params: { since: '{incremental.start_value}' },
          incremental: { cursor_path: 'updated_at', initial_value: '2024-01-01T00:00:00Z' },
          paginator: { type: 'cursor', cursor_path: 'Events[-1].id', cursor_param: 'after', has_more_path: 'HasNext' },
          data_selector: 'Events',
        },
        selected: false,
      },
    ],
  },
};

describe('translateToDlt round trips through Python', { timeout: 60_000 }, () => {
  it('every resource of the built-in preset, with the Store URL as base_url and the token left as its placeholder', () => {
    const { translation, files, back } = expectRoundTrip({ raw: RETAIL_PRESET, storeUrl: 'https://my-store.retail.lightspeed.app/', selected: null });
    expect(translation.config.resources).toHaveLength(RETAIL_PRESET.resources.length);
    expect((translation.config.client as Record<string, JsonValue>).base_url).toBe('https://my-store.retail.lightspeed.app');
    expect(files['pipeline.py']).toContain('"token": "{secrets.api_token}"');
    expect(back.toml['config.toml'].sources.retail.store_url).toBe('https://my-store.retail.lightspeed.app');
    // The extension's retry policy (3 retries, backoff 2, 300 s cap, 30 s timeout) as dlt's runtime settings.
    expect(back.toml['config.toml'].runtime).toEqual({ request_max_attempts: 4, request_backoff_factor: 2, request_max_retry_delay: 300, request_timeout: 30 });
    expect(back.toml['secrets.toml.example'].sources.retail.api_token).toBe('paste-your-personal-token-here');
  });

  it('the preset with the tables chosen on the options page: the others are selected: False', () => {
    const { translation } = expectRoundTrip({ raw: RETAIL_PRESET, storeUrl: 'https://s.retail.lightspeed.app', selected: ['sales', 'fulfillments'] });
    const flags = (translation.config.resources as Record<string, JsonValue>[]).map((r) => [r.name, r.selected ?? true]);
    expect(flags.filter(([, on]) => on).map(([name]) => name)).toEqual(['sales', 'fulfillments']);
  });

  it('the seed config (after its dialect translation), without its literal token', () => {
    const { files } = expectRoundTrip({ raw: seedConfig(), storeUrl: '', selected: null }, { warningsBefore: true });
    for (const text of Object.values(files)) expect(text).not.toContain('seed-secret-token-4f9c2a');
  });

  it.each(Object.entries(PASTED))('a pasted config: %s', (_name, raw) => {
    const { translation, files, back } = expectRoundTrip({ raw, storeUrl: '', selected: null });
    for (const text of Object.values(files)) expect(text).not.toContain('ghp_literal_secret_123');
    expect(JSON.stringify(translation.config)).not.toContain('"retry"');
    expect(back.config[0]).toEqual(translation.config);
  });
});

describe('extension keys become dlt', () => {
  const raw = PASTED['a GitHub-style config: client paginator and retry, string resources, a merge and an append table, a literal token'] as Record<string, JsonValue>;
  const t = translateToDlt({ raw, storeUrl: '', selected: null });
  const resources = t.config.resources as Record<string, JsonValue>[];

  it('client.paginator becomes resource_defaults.endpoint.paginator (dlt does not inherit the client paginator)', () => {
    expect(t.config.client).not.toHaveProperty('paginator');
    expect(t.config.resource_defaults).toEqual({ endpoint: { params: { per_page: 100 }, paginator: { type: 'header_link' } } });
  });

  it('client.retry becomes dlt runtime settings, attempts counting the first request', () => {
    expect(t.config.client).not.toHaveProperty('retry');
    expect(t.runtime).toEqual({ request_max_attempts: 6, request_backoff_factor: 1.5, request_max_retry_delay: 30, request_timeout: 10 });
    expect(t.differences.join('\n')).toContain('HTTP 429, 503');
  });

  it('write dispositions pass through as written', () => {
    expect(resources.find((r) => r.name === 'pulls')?.write_disposition).toBe('merge');
    expect(resources.find((r) => r.name === 'comments')?.write_disposition).toBe('append');
    expect(resources.find((r) => r.name === 'issues')).toEqual({ name: 'issues', endpoint: 'issues' });
  });

  // Both append without a write_disposition (dlt's dlt.resource default), so nothing is added.
  it('a resource with a primary key and no write_disposition stays without one', () => {
    const bare = translateToDlt({ raw: { client: { base_url: 'https://api.example.com' }, resources: [{ name: 'pulls', primary_key: 'id' }] }, storeUrl: '', selected: null });
    expect((bare.config.resources as Record<string, JsonValue>[])[0]).toEqual({ name: 'pulls', primary_key: 'id' });
  });

  it('a literal token becomes the placeholder', () => {
    expect((t.config.client as Record<string, Record<string, JsonValue>>).auth.token).toBe('{secrets.api_token}');
  });

  it('refuses a config that does not resolve, saying where', () => {
    expect(() => translateToDlt({ raw: { client: {}, resources: [] }, storeUrl: '', selected: null })).toThrow(/client\.base_url/);
  });
});

describe('parent_filter (issue 11) becomes a filter on the rows the child receives', { timeout: 60_000 }, () => {
  const statuses = ['AWAITING_PICKUP', 'AWAITING_DISPATCH'];
  const raw = {
    client: { base_url: 'https://s.retail.lightspeed.app', auth: { type: 'bearer', token: '{secrets.api_token}' } },
    resource_defaults: { primary_key: 'id', write_disposition: 'merge' },
    resources: [
      { name: 'sales', endpoint: { path: '/api/2.0/sales', data_selector: 'data', paginator: 'single_page' } },
      {
        name: 'fulfillments',
        endpoint: { path: '/api/2.0/sales/{resources.sales.id}/fulfillments', data_selector: 'data', paginator: 'single_page' },
        include_from_parent: ['id'],
        parent_filter: { field: 'status', one_of: statuses },
      },
      {
        name: 'notes',
        endpoint: { path: '/api/2.0/sales/{resources.sales.id}/notes', data_selector: 'data', paginator: 'single_page' },
        parent_filter: [{ field: 'customer.id', not_null: true }, { field: 'is_test', equals: false }],
      },
    ],
  };
  const t = translateToDlt({ raw, storeUrl: '', selected: null });

  it('leaves no parent_filter in the dlt config and adds one add_filter(insert_index=0) per child, the helper once', () => {
    expect(JSON.stringify(t.config)).not.toContain('parent_filter');
    expect(t.steps.map((s) => s.resource)).toEqual(['fulfillments', 'notes']);
    const py = pipelineFiles(t)['pipeline.py'];
    expect(py).toContain('resources["fulfillments"].add_filter(_parent_filter([');
    expect(py).toContain(']), insert_index=0)');
    expect(py.split('def _parent_filter(').length - 1).toBe(1);
    expect(pipelineFiles(t)['README.md']).toContain('`fulfillments`: fulfillments is requested only for sales rows where `status` is one of "AWAITING_PICKUP", "AWAITING_DISPATCH"');
    readBackWithPython(pipelineFiles(t)); // compiles
  });

  it('a parent_filter in resource_defaults applies to every resource without its own', () => {
    const withDefault = structuredClone(raw) as typeof raw & { resource_defaults: Record<string, unknown> };
    withDefault.resource_defaults.parent_filter = { field: 'status', equals: 'CLOSED' };
    const steps = translateToDlt({ raw: withDefault, storeUrl: '', selected: null }).steps;
    // sales has no parent: the extension ignores a parent filter there, and so does the pipeline (a no-op step would be confusing).
    expect(steps.map((s) => s.resource)).toEqual(['fulfillments', 'notes']);
  });

  it('keeps exactly the parent rows the extension asks children for (the filter run by python3, the JSONPath of dlt stubbed)', () => {
    const root = fs.mkdtempSync(path.join(dir, 'pf-'));
    fs.mkdirSync(path.join(root, 'dlt', 'common'), { recursive: true });
    fs.writeFileSync(path.join(root, 'dlt', '__init__.py'), '');
    fs.writeFileSync(path.join(root, 'dlt', 'common', '__init__.py'), '');
    // A dotted-path stand-in for dlt.common.jsonpath.find_values (jsonpath-ng): the paths here are plain.
    fs.writeFileSync(
      path.join(root, 'dlt', 'common', 'jsonpath.py'),
      'def find_values(path, row):\n    for part in path.split("."):\n        if not isinstance(row, dict) or part not in row:\n            return []\n        row = row[part]\n    return [row]\n',
    );
    const rows = [
      { id: 'a', status: 'AWAITING_PICKUP', customer: { id: 'c1' }, is_test: false },
      { id: 'b', status: 'CLOSED', customer: { id: null }, is_test: false },
      { id: 'c', status: 'AWAITING_DISPATCH', customer: {}, is_test: 0 },
      { id: 'd', customer: { id: 'c2' }, is_test: true },
    ];
    const script = `
import json, sys
sys.path.insert(0, sys.argv[1])
${PARENT_FILTER_HELPER}
steps = json.loads(sys.argv[2])
rows = json.loads(sys.argv[3])
print(json.dumps([[row["id"] for row in rows if _parent_filter(conditions)(row)] for conditions in steps]))
`;
    const conditions = raw.resources.slice(1).map((r) => (Array.isArray(r.parent_filter) ? r.parent_filter : [r.parent_filter]));
    const kept = JSON.parse(python(['-c', script, root, JSON.stringify(conditions), JSON.stringify(rows)]));
    // fulfillments: status one of the two; notes: customer.id not null and is_test equals false (0 is not false).
    expect(kept).toEqual([['a', 'c'], ['a']]);
  });
});

describe('the project ZIP', () => {
  it('holds the runnable project under dlt-pipeline/, with dlt pinned and no secrets file', async () => {
    const t = translateToDlt({ raw: RETAIL_PRESET, storeUrl: 'https://x.retail.lightspeed.app', selected: null });
    const entries = unzipSync(new Uint8Array(await pipelineZip(t).arrayBuffer()));
    expect(Object.keys(entries).sort()).toEqual(EXPECTED_ZIP_ENTRIES);
    expect(strFromU8(entries['dlt-pipeline/requirements.txt'])).toBe(`dlt[duckdb]==${DLT_VERSION}\n`);
    const readme = strFromU8(entries['dlt-pipeline/README.md']);
    for (const part of ['pip install -r requirements.txt', '.dlt/secrets.toml', 'python pipeline.py', '--destination postgres', 'dlt deploy', 'incremental', 'What differs from the extension']) {
      expect(readme).toContain(part);
    }
  });
});

