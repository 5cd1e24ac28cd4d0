/**
 * `endpoint.response_actions` → ResponseAction[], checked as dlt reads them
 * (`dlt/sources/rest_api/config_setup.py`, `_handle_response_action`): an entry matches by
 * `status_code` (equal), by `content` (a substring of the body), or by both; `action: "ignore"`
 * turns a matching response into a page with no rows. dlt also takes Python callables, which a
 * JSON config cannot hold. Entries dlt accepts but never acts on — another action name
 * (test_response_actions_config.py `test_response_action_raises_type_error`: "foobar" → no action),
 * a `status_code` written as text (compared with `==` to the int status, so it never matches), an
 * entry with neither condition — are accepted with a warning naming the entry, and left out.
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
  const textStatus = typeof status === 'string';
  if (status !== undefined && !textStatus && !(Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599)) {
    log.error(join(where, 'status_code'), `status_code must be an HTTP status such as 404, got ${describeValue(status)}`);
    ok = false;
  }
  if (content !== undefined && (typeof content !== 'string' || content === '')) {
    log.error(join(where, 'content'), `content must be non-empty text to look for in the response body, got ${describeValue(content)}`);
    ok = false;
  }
  if (typeof action !== 'string') {
    // dlt raises "Action … does not conform to expected type" for these when the first response arrives.
    const what = action === undefined ? 'is missing' : `is ${describeValue(action)}`;
    log.error(join(where, 'action'), `action ${what}; the one action a JSON config can name is "ignore" (dlt's other actions are Python functions)`);
    ok = false;
  }
  if (!ok) return null;
  const noOp: string[] = [];
  if (action !== 'ignore') noOp.push(`action ${describeValue(action)} is not one dlt knows (the one a JSON config can name is "ignore")`);
  if (textStatus) noOp.push(`status_code ${describeValue(status)} is text, which dlt compares with the response's status number, so it never matches (write ${/^\d{3}$/.test(status as string) ? status : 'a number such as 404'} to match)`);
  if (status === undefined && content === undefined) noOp.push(`it has neither status_code nor content to say which responses it applies to (e.g. ${EXAMPLE})`);
  if (noOp.length) {
    log.warn(where, `this response action does nothing, as in dlt: ${noOp.join('; ')}; it is left out`);
    return null;
  }
  return { ...(status === undefined ? {} : { status: status as number }), ...(content === undefined ? {} : { content: content as string }), action: 'ignore' };
}

export function resolveResponseActions(raw: unknown, where: string, log: IssueLog): ResponseAction[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    log.error(where, `response_actions must be a list such as [${EXAMPLE}], got ${describeValue(raw)}`);
    return undefined;
  }
  // An entry that is refused fails the config; one that does nothing is left out (with a warning).
  const actions = raw.map((entry, i) => resolveAction(entry, `${where}[${i}]`, log)).filter((a): a is ResponseAction => a !== null);
  return actions.length > 0 ? actions : undefined;
}
