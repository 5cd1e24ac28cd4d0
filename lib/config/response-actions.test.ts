import { describe, expect, it } from 'vitest';
import { resolveConfig } from './normalize';
import type { ConfigResult } from './types';

const withActions = (response_actions: unknown) =>
  resolveConfig({
    client: { base_url: 'https://shop.example.com' },
    resources: [{ name: 'details', primary_key: 'id', write_disposition: 'merge', endpoint: { path: 'details', paginator: 'single_page', response_actions } }],
  });

const errors = (result: ConfigResult) => (result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`));

describe('endpoint.response_actions', () => {
  it("accepts dlt's forms: status only, content only, both; none is a warning any more", () => {
    const result = withActions([
      { status_code: 404, action: 'ignore' },
      { content: 'Not found', action: 'ignore' },
      { status_code: 200, content: 'some text', action: 'ignore' },
    ]);
    expect(result.warnings).toEqual([]);
    expect(result.ok && result.source.resources[0].responseActions).toEqual([
      { status: 404, action: 'ignore' },
      { content: 'Not found', action: 'ignore' },
      { status: 200, content: 'some text', action: 'ignore' },
    ]);
  });

  it('inherits response_actions from resource_defaults.endpoint', () => {
    const result = resolveConfig({
      client: { base_url: 'https://shop.example.com' },
      resource_defaults: { endpoint: { response_actions: [{ status_code: 404, action: 'ignore' }] } },
      resources: [{ name: 'details', endpoint: { path: 'details', paginator: 'single_page' } }],
    });
    expect(result.ok && result.source.resources[0].responseActions).toEqual([{ status: 404, action: 'ignore' }]);
  });

  it('refuses entries dlt itself rejects, naming the entry and what was expected', () => {
    const where = 'resources[0] (details).endpoint.response_actions';
    expect(errors(withActions({ status_code: 404, action: 'ignore' }))).toEqual([
      `${where}: response_actions must be a list such as [{"status_code": 404, "action": "ignore"}], got {"status_code":404,"action":"ignore"}`,
    ]);
    expect(
      errors(
        withActions([
          { status_code: 404 },
          { status_code: 404, action: 'ignore', when: 'x' },
          'ignore',
          { content: '', action: 'ignore' },
          { status_code: 99, action: 'ignore' },
          { status_code: 404, action: 7 },
        ]),
      ),
    ).toEqual([
      `${where}[0].action: action is missing; the one action a JSON config can name is "ignore" (dlt's other actions are Python functions)`,
      `${where}[1].when: unknown key "when" in a response action; it takes status_code, content, action`,
      `${where}[2]: a response action must be an object such as {"status_code": 404, "action": "ignore"}, got "ignore"`,
      `${where}[3].content: content must be non-empty text to look for in the response body, got ""`,
      `${where}[4].status_code: status_code must be an HTTP status such as 404, got 99`,
      `${where}[5].action: action is 7; the one action a JSON config can name is "ignore" (dlt's other actions are Python functions)`,
    ]);
  });

  // dlt: config_setup.py _handle_response_action (a str action other than "ignore" → no action; a
  // text status_code is compared with == to the int status; no condition → (None, None)), and
  // test_response_actions_config.py test_response_action_raises_type_error ("foobar" → ("foobar", None)).
  it('accepts entries dlt accepts but never acts on, with a warning naming each, and leaves them out', () => {
    const where = 'resources[0] (details).endpoint.response_actions';
    const result = withActions([
      { status_code: 200, action: 'foobar' },
      { status_code: '404', action: 'ignore' },
      { action: 'ignore' },
      { status_code: 404, action: 'ignore' },
    ]);
    expect(errors(result)).toEqual([]);
    expect(result.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      `${where}[0]: this response action does nothing, as in dlt: action "foobar" is not one dlt knows (the one a JSON config can name is "ignore"); it is left out`,
      `${where}[1]: this response action does nothing, as in dlt: status_code "404" is text, which dlt compares with the response's status number, so it never matches (write 404 to match); it is left out`,
      `${where}[2]: this response action does nothing, as in dlt: it has neither status_code nor content to say which responses it applies to (e.g. {"status_code": 404, "action": "ignore"}); it is left out`,
    ]);
    expect(result.ok && result.source.resources[0].responseActions).toEqual([{ status: 404, action: 'ignore' }]);
    const onlyNoOps = withActions([{ status_code: '404', action: 'ignore' }]);
    expect(onlyNoOps.ok && onlyNoOps.source.resources[0].responseActions).toBeUndefined();
  });
});
