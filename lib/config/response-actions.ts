/**
 * `endpoint.response_actions` → ResponseAction[], checked as dlt reads them
 * (`dlt/sources/rest_api/config_setup.py`, `_handle_response_action`): an entry matches by
 * `status_code` (equal), by `content` (a substring of the body), or by both; `action: "ignore"`
 * turns a matching response into a page with no rows. dlt also takes Python callables, which a
 * JSON config cannot hold, and silently does nothing for any other action name, or for an entry
 * with neither condition: here those are errors, so a typo is not a silent no-op.
 */
import { describeValue } from '@/lib/paginators/options';
import { isPlainObject, IssueLog, join } from './issues';
import type { ResponseAction } from './types';

const KEYS = ['status_code', 'content', 'action'];
const EXAMPLE = '{"status_code": 404, "action": "ignore"}';

function resolveAction(raw: unknown, where: string, log: IssueLog): ResponseAction | null {
  if (!isPlainObject(raw)) {
    log.error(where, `a response action must be an object such as ${EXAMPLE}, got ${describeValue(raw)}`);
    return null;
  }
  let ok = true;
  for (const key of Object.keys(raw)) {
    if (!KEYS.includes(key)) {
      log.error(join(where, key), `unknown key "${key}" in a response action; it takes ${KEYS.join(', ')}`);
      ok = false;
    }
  }
  const { status_code: status, content, action } = raw;
  if (status !== undefined && !(Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599)) {
    const hint = typeof status === 'string' && /^\d{3}$/.test(status) ? ` (write it as a number, ${status}, not text: dlt compares it to the status as a number)` : '';
    log.error(join(where, 'status_code'), `status_code must be an HTTP status such as 404, got ${describeValue(status)}${hint}`);
    ok = false;
  }
  if (content !== undefined && (typeof content !== 'string' || content === '')) {
    log.error(join(where, 'content'), `content must be non-empty text to look for in the response body, got ${describeValue(content)}`);
    ok = false;
  }
  if (status === undefined && content === undefined) {
    log.error(where, `a response action needs status_code, content or both to say which responses it applies to, e.g. ${EXAMPLE}`);
    ok = false;
  }
  if (action !== 'ignore') {
    const what = action === undefined ? 'is missing' : `is ${describeValue(action)}`;
    log.error(join(where, 'action'), `action ${what}; the one action a JSON config can name is "ignore" (dlt's other actions are Python functions)`);
    ok = false;
  }
  if (!ok) return null;
  return { ...(status === undefined ? {} : { status: status as number }), ...(content === undefined ? {} : { content: content as string }), action: 'ignore' };
}

export function resolveResponseActions(raw: unknown, where: string, log: IssueLog): ResponseAction[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    log.error(where, `response_actions must be a list such as [${EXAMPLE}], got ${describeValue(raw)}`);
    return undefined;
  }
  const actions = raw.map((entry, i) => resolveAction(entry, `${where}[${i}]`, log));
  return actions.every((a): a is ResponseAction => a !== null) && actions.length > 0 ? actions : undefined;
}
