/**
 * The extension's active config → a config real dlt runs the same way (`rest_api_source`), plus
 * what dlt keeps outside its JSON config: `[runtime]` settings for `.dlt/config.toml`, Python steps
 * for the extension keys dlt has no JSON for, and the differences the README states.
 *
 * The user's config passes through untouched except where this extension reads it differently
 * from dlt: every such place is one entry of `EXTENSION_KEYS` (a key of ours) or one of the
 * implicit rules below it (defaults that differ). Keys this module does not know are dlt keys and
 * go through as they are, so keys added to `lib/config` later reach the pipeline without a change here.
 */
import { configSecrets } from '@/lib/config/secrets';
import { resolveConfig } from '@/lib/config/normalize';
import type { JsonValue, ResolvedSource, RetryPolicy } from '@/lib/config/types';
import { TOKEN_PLACEHOLDER } from '@/lib/config/types';
import { stringifyJson } from '@/lib/json-text';
import { pythonLiteral, pythonString } from './python-literal';

type JsonObject = { [key: string]: JsonValue };

/** Python run on the built source for one resource: comment lines (the why) and code lines. */
export interface SourceStep {
  resource: string;
  comment: string[];
  code: string[];
  /** Module-level Python the code calls (written once however many steps use it). */
  helpers: string[];
}

export interface DltTranslation {
  /** A dlt `rest_api_source` config: JSON only, the token still `{secrets.api_token}`. */
  config: JsonObject;
  /** The Store URL that replaces `client.base_url` (`.dlt/config.toml`). */
  storeUrl: string;
  /** `[runtime]` settings: dlt's HTTP retries set to the extension's retry policy. */
  runtime: Record<string, number>;
  /** Extension keys turned into Python, applied to the source's resources in order. */
  steps: SourceStep[];
  /** Deliberate differences from the extension, one README bullet each (Markdown). */
  differences: string[];
}

export interface TranslationInput {
  /** The raw config the extension runs: the preset object, or the user's pasted config after the seed-dialect translation. */
  raw: unknown;
  /** The Store URL from the options page; empty keeps the config's `base_url`. */
  storeUrl: string;
  /** The user's table choice; `null` keeps the config's own `selected` flags. */
  selected: readonly string[] | null;
}

interface Context {
  config: JsonObject;
  resolved: ResolvedSource;
  out: DltTranslation;
}

/**
 * A key of ours that dlt's JSON config does not have (or reads differently): removes it from the
 * config and records what replaces it. `where` says which object holds the key.
 */
export interface ExtensionKey {
  where: 'client' | 'resource';
  key: string;
  translate(value: JsonValue, holder: JsonObject, ctx: Context): void;
}

/**
 * `parent_filter`'s test in Python: a dlt filter step keeping the parent rows that meet every
 * condition. Fields are read with dlt's own JSONPath (`find_values`, as for `include_from_parent`);
 * `equals`/`one_of` compare like JSON (true is not 1); `not_null` wants a value that is not null.
 */
export const PARENT_FILTER_HELPER = `def _parent_filter(conditions):
    """A dlt filter: True for a parent row that meets every condition of a parent_filter."""
    from dlt.common.jsonpath import find_values

    def same(a, b):
        return a == b and isinstance(a, bool) == isinstance(b, bool)

    def keep(row):
        for condition in conditions:
            found = find_values(condition["field"], row)
            value = found[0] if found else None
            if "equals" in condition and not same(value, condition["equals"]):
                return False
            if "one_of" in condition and not any(same(value, option) for option in condition["one_of"]):
                return False
            if condition.get("not_null") and value is None:
                return False
        return True

    return keep`;

/** "`status` is one of "A", "B"" for a README line. */
function describeConditions(conditions: JsonValue[]): string {
  return conditions
    .map((c) => {
      const cond = c as JsonObject;
      if ('one_of' in cond) return `\`${String(cond.field)}\` is one of ${(cond.one_of as JsonValue[]).map((v) => stringifyJson(v)).join(', ')}`;
      if ('equals' in cond) return `\`${String(cond.field)}\` equals ${stringifyJson(cond.equals)}`;
      return `\`${String(cond.field)}\` is not null`;
    })
    .join(' and ');
}

/** Every extension key, one entry each. */
export const EXTENSION_KEYS: readonly ExtensionKey[] = [
  {
    // issue 11: which parent rows a child is requested for. dlt's processing_steps filter on the
    // parent would drop those rows from the parent table too; a filter inserted at the head of the
    // child transformer (insert_index=0) sees the parent rows before the child's requests and
    // leaves the parent table whole (dlt: Pipe.insert_step allows index 0 only for transformers).
    where: 'resource',
    key: 'parent_filter',
    translate(value, holder, ctx) {
      const name = String(holder.name);
      // Only a child has parent rows to filter; a top-level resource ignores the key, as the extension does.
      const parent = ctx.resolved.resources.find((r) => r.name === name)?.parent?.resource;
      if (!parent) return;
      const conditions = Array.isArray(value) ? value : [value];
      ctx.out.steps.push({
        resource: name,
        comment: [
          `${name} is requested only for ${parent} rows where ${describeConditions(conditions)} (the extension's parent_filter).`,
          `dlt has no JSON key for this: the filter runs on the ${parent} rows ${name} receives, before its requests; the ${parent} table keeps every row.`,
        ],
        code: [`resources[${pythonString(name)}].add_filter(_parent_filter(${pythonLiteral(conditions, 4, 1)}), insert_index=0)`],
        helpers: [PARENT_FILTER_HELPER],
      });
    },
  },
  {
    // dlt keeps retries in its runtime settings, not in the source config.
    where: 'client',
    key: 'retry',
    translate() {
      // Nothing to keep in the config: `runtimeFor` writes the resolved policy to `[runtime]`.
    },
  },
  {
    // The extension treats client.paginator as every resource's default; resource_defaults says
    // so in a form dlt reads the same way (dlt#2586: dlt does not inherit the client's paginator).
    where: 'client',
    key: 'paginator',
    translate(value, _holder, ctx) {
      const defaults = objectAt(ctx.config, 'resource_defaults');
      const endpoint = typeof defaults.endpoint === 'string' ? { path: defaults.endpoint } : objectAt(defaults, 'endpoint');
      defaults.endpoint = endpoint;
      if (endpoint.paginator === undefined) endpoint.paginator = value;
    },
  },
];

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `holder[key]` as an object, created when missing. */
function objectAt(holder: JsonObject, key: string): JsonObject {
  const value = holder[key];
  if (isObject(value)) return value;
  const created: JsonObject = {};
  holder[key] = created;
  return created;
}

function retryDifference(retry: RetryPolicy): string {
  const codes = retry.statusCodes.join(', ');
  return `Retries: the extension retries HTTP ${codes} and timeouts; dlt retries 429, every 5xx and connection errors. The number of attempts, the backoff and the timeout are the extension's (\`[runtime]\` in \`.dlt/config.toml\`).`;
}

/** dlt's request settings for the extension's retry policy (dlt counts the first attempt too). */
function runtimeFor(retry: RetryPolicy): Record<string, number> {
  return {
    request_max_attempts: retry.maxRetries + 1,
    request_backoff_factor: retry.backoffFactor,
    request_max_retry_delay: retry.maxDelayMs / 1000,
    request_timeout: retry.timeoutMs / 1000,
  };
}

/** A literal secret left in a config becomes the placeholder: the token is never written to the project. */
function withoutSecrets(value: JsonValue, secrets: string[]): JsonValue {
  if (typeof value === 'string') return secrets.includes(value) ? TOKEN_PLACEHOLDER : value;
  if (Array.isArray(value)) return value.map((item) => withoutSecrets(item, secrets));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutSecrets(v, secrets)]));
  return value;
}

/** Resources in object form (dlt accepts a bare string; a string cannot carry `selected`). */
function resourceObjects(config: JsonObject): JsonObject[] {
  const resources = Array.isArray(config.resources) ? config.resources : [];
  const objects = resources.map((entry) => (typeof entry === 'string' ? { name: entry, endpoint: entry } : (entry as JsonObject)));
  config.resources = objects;
  return objects;
}

/**
 * Translates the active config. Throws when the config does not resolve (the options page shows
 * those errors; there is nothing sensible to export).
 */
export function translateToDlt(input: TranslationInput): DltTranslation {
  const result = resolveConfig(input.raw);
  if (!result.ok) {
    const first = result.errors[0];
    throw new Error(`the source config has ${result.errors.length === 1 ? 'a problem' : `${result.errors.length} problems`}; first: ${first.path}: ${first.message}`);
  }
  const secrets = configSecrets(input.raw);
  const config = withoutSecrets(structuredClone(input.raw) as JsonValue, secrets) as JsonObject;
  const storeUrl = (input.storeUrl || result.source.baseUrl).replace(/\/+$/, '');
  const out: DltTranslation = { config, storeUrl, runtime: runtimeFor(result.source.retry), steps: [], differences: [retryDifference(result.source.retry)] };
  const ctx: Context = { config, resolved: result.source, out };

  const client = objectAt(config, 'client');
  client.base_url = storeUrl;
  for (const ext of EXTENSION_KEYS.filter((e) => e.where === 'client')) {
    if (client[ext.key] === undefined) continue;
    const value = client[ext.key];
    delete client[ext.key];
    ext.translate(value, client, ctx);
  }

  const resources = resourceObjects(config);
  for (const ext of EXTENSION_KEYS.filter((e) => e.where === 'resource')) {
    // A key in resource_defaults applies to every resource that does not set its own (the
    // extension merges defaults that way), so it is translated per resource.
    const defaults = isObject(config.resource_defaults) ? config.resource_defaults : null;
    if (defaults && defaults[ext.key] !== undefined) {
      for (const resource of resources) if (resource[ext.key] === undefined) resource[ext.key] = structuredClone(defaults[ext.key]);
      delete defaults[ext.key];
    }
    for (const holder of resources) {
      if (holder[ext.key] === undefined) continue;
      const value = holder[ext.key];
      delete holder[ext.key];
      ext.translate(value, holder, ctx);
    }
  }

  const byName = new Map(result.source.resources.map((r) => [r.name, r]));
  const defaults = isObject(config.resource_defaults) ? config.resource_defaults : {};
  for (const resource of resources) {
    const resolved = byName.get(resource.name as string);
    if (!resolved) continue;
    // The tables chosen on the options page are the ones dlt loads; a parent of a chosen child
    // is still requested by dlt, as by the extension.
    if (input.selected) {
      if (!input.selected.includes(resolved.name)) resource.selected = false;
      else if (resource.selected === false || defaults.selected === false) resource.selected = true;
    }
  }
  if (!isObject(config.resource_defaults) || Object.keys(config.resource_defaults).length === 0) delete config.resource_defaults;
  return out;
}
