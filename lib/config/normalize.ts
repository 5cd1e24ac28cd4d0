/**
 * `resolveConfig`: a raw dlt-style config → ResolvedSource, validated up front. Every problem is
 * reported with where it is and what was expected; unknown keys are warnings (typo help), and no
 * message ever contains a secret from the config.
 */
import { maskSecrets } from '@/lib/errors';
import { describeValue } from '@/lib/paginators/options';
import { resolveAuth } from './auth';
import { warnLoaderHints } from './hints';
import { isPlainObject, IssueLog, rejectUnknownKeys, type PlainObject } from './issues';
import { linkParents } from './parents';
import { resolvePaginator } from './paginator-spec';
import { DLT_ONLY_ENDPOINT_KEYS, ENDPOINT_KEYS, rejectEndpointKeysOnResource, RESOURCE_KEYS, resolveResource, type ResourceDraft } from './resource';
import { resolveRetry } from './retry';
import { configMaskedValues, configSecrets } from './secrets';
import type { ConfigIssue, ConfigResult, PaginatorSpec } from './types';

const TOP_KEYS = ['client', 'resources', 'resource_defaults'];
/** dlt's ClientConfig keys, plus `retry` (this extension's retry policy). */
const CLIENT_KEYS = ['base_url', 'headers', 'auth', 'retry', 'paginator'];

function resolveBaseUrl(raw: unknown, log: IssueLog): URL | null {
  if (typeof raw !== 'string' || raw.trim() === '') {
    log.error('client.base_url', 'base_url is required: the API address, e.g. https://your-store.retail.lightspeed.app');
    return null;
  }
  let url: URL | null = null;
  try {
    url = new URL(raw.trim());
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    log.error('client.base_url', `base_url must be an absolute http(s) URL such as https://your-store.retail.lightspeed.app, got ${describeValue(raw)}`);
    return null;
  }
  return url;
}

function resolveHeaders(raw: unknown, log: IssueLog): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) {
    log.error('client.headers', `headers must be an object of header names to text values, got ${describeValue(raw)}`);
    return {};
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    // The value is not echoed: it may well be a token.
    if (name.toLowerCase() === 'authorization' || name.toLowerCase() === 'cookie') {
      log.error(`client.headers.${name}`, 'credentials go in client.auth (the token is kept in extension storage), not in headers');
    } else if (typeof value !== 'string') {
      log.error(`client.headers.${name}`, 'header values must be text');
    } else headers[name] = value;
  }
  return headers;
}

/** resource_defaults is checked once here so its problems are not repeated for every resource. */
function resolveDefaults(raw: unknown, log: IssueLog): PlainObject {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) {
    log.error('resource_defaults', `resource_defaults must be an object, got ${describeValue(raw)}`);
    return {};
  }
  if ('name' in raw) log.error('resource_defaults.name', 'resource_defaults cannot set a name; names must be unique');
  const { name: _name, ...defaults } = rejectEndpointKeysOnResource(log, 'resource_defaults', raw);
  rejectUnknownKeys(log, 'resource_defaults', defaults, RESOURCE_KEYS, [], 'resource_defaults');
  warnLoaderHints(defaults, 'resource_defaults', log);
  if (defaults.endpoint !== undefined) {
    if (!isPlainObject(defaults.endpoint)) {
      log.error('resource_defaults.endpoint', `resource_defaults.endpoint must be an object, got ${describeValue(defaults.endpoint)}`);
      const { endpoint: _ignored, ...rest } = defaults;
      return rest;
    }
    rejectUnknownKeys(log, 'resource_defaults.endpoint', defaults.endpoint, ENDPOINT_KEYS, DLT_ONLY_ENDPOINT_KEYS, 'endpoint');
  }
  return defaults;
}

function resolveResources(
  raw: PlainObject,
  baseUrl: URL | null,
  defaults: PlainObject,
  clientPaginator: PaginatorSpec | undefined,
  log: IssueLog,
  clientMissing: boolean,
): ResourceDraft[] {
  const entries = raw.resources;
  if (entries === undefined || entries === null) {
    log.error('resources', 'resources is required: a non-empty list of resources to sync');
    return [];
  }
  if (!Array.isArray(entries) || (entries.length === 0 && !clientMissing)) {
    log.error('resources', 'resources must be a non-empty list of resources to sync');
    return [];
  }
  const drafts: ResourceDraft[] = [];
  const seen = new Map<string, string>();
  entries.forEach((entry, index) => {
    const draft = resolveResource(entry, index, { defaults, clientPaginator, baseUrl, log });
    if (!draft) return;
    const first = seen.get(draft.resource.name);
    if (first) {
      log.error(draft.label, `duplicate resource name "${draft.resource.name}" (also ${first}); names must be unique`);
      return;
    }
    seen.set(draft.resource.name, draft.label);
    drafts.push(draft);
  });
  linkParents(drafts, log);
  return drafts;
}

function masked(issues: ConfigIssue[], secrets: string[]): ConfigIssue[] {
  return issues.map((i) => ({ path: maskSecrets(i.path, secrets), message: maskSecrets(i.message, secrets) }));
}

export function resolveConfig(raw: unknown): ConfigResult {
  const log = new IssueLog();
  if (!isPlainObject(raw)) {
    log.error('config', 'the config must be a JSON object with "client" and "resources"');
    return { ok: false, errors: log.errors, warnings: [] };
  }
  rejectUnknownKeys(log, '', raw, TOP_KEYS, [], 'the config');
  const client = isPlainObject(raw.client) ? raw.client : null;
  if (!client) log.error('client', 'client is required: an object with at least base_url');
  else rejectUnknownKeys(log, 'client', client, CLIENT_KEYS, ['session'], 'client');
  // dlt's validate_dict names only a missing required key (source_configs.py INVALID_CONFIGS[0],
  // [1]); it accepts base_url "" and resources [] and fails on them only when the source runs. Here
  // a sync cannot run on either, so they are errors too — but only once both keys are there.
  const resourcesMissing = raw.resources === undefined || raw.resources === null;

  const baseUrl = client && !resourcesMissing ? resolveBaseUrl(client.base_url, log) : null;
  const headers = resolveHeaders(client?.headers, log);
  const auth = resolveAuth(client?.auth, 'client.auth', log);
  const retry = resolveRetry(client?.retry, 'client.retry', log);
  const defaults = resolveDefaults(raw.resource_defaults, log);
  // Checked once, where it is written; resources without their own paginator inherit the result.
  const clientPaginator = client?.paginator === undefined || client.paginator === null ? undefined : resolvePaginator(client.paginator, 'client.paginator', log);
  const drafts = resolveResources(raw, baseUrl, defaults, clientPaginator, log, !client);

  // Defence in depth: no message above echoes a secret, and this makes sure of it.
  const secrets = configSecrets(raw);
  if (secrets.length > 1) {
    log.warn('client.auth', `the config holds ${secrets.length} different secrets, but one is kept (in the API token field) and used by every auth block`);
  }
  const hidden = configMaskedValues(raw);
  const warnings = masked(log.warnings, hidden);
  if (log.errors.length || !baseUrl) return { ok: false, errors: masked(log.errors, hidden), warnings };
  return {
    ok: true,
    warnings,
    source: {
      baseUrl: baseUrl.href.replace(/\/+$/, ''),
      headers,
      auth,
      retry,
      resources: drafts.map((d) => d.resource),
    },
  };
}
