import { describe, expect, it } from 'vitest';
import { resolveConfig } from './normalize';
import type { ConfigResult } from './types';

const withActions = (response_actions: unknown) =>
  resolveConfig({
    client: { base_url: 'https://shop.example.com' },
    resources: [{ name: 'details', primary_key: 'id', endpoint: { path: 'details', paginator: 'single_page', response_actions } }],
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

  it('refuses what dlt would silently never apply, naming the entry and what was expected', () => {
    const where = 'resources[0] (details).endpoint.response_actions';
    expect(errors(withActions({ status_code: 404, action: 'ignore' }))).toEqual([
      `${where}: response_actions must be a list such as [{"status_code": 404, "action": "ignore"}], got {"status_code":404,"action":"ignore"}`,
    ]);
    expect(
      errors(
        withActions([
          { status_code: '404', action: 'ignore' },
          { status_code: 404, action: 'retry' },
          { status_code: 404 },
          { action: 'ignore' },
          { status_code: 404, action: 'ignore', when: 'x' },
          'ignore',
          { content: '', action: 'ignore' },
        ]),
      ),
    ).toEqual([
      `${where}[0].status_code: status_code must be an HTTP status such as 404, got "404" (write it as a number, 404, not text: dlt compares it to the status as a number)`,
      `${where}[1].action: action is "retry"; the one action a JSON config can name is "ignore" (dlt's other actions are Python functions)`,
      `${where}[2].action: action is missing; the one action a JSON config can name is "ignore" (dlt's other actions are Python functions)`,
      `${where}[3]: a response action needs status_code, content or both to say which responses it applies to, e.g. {"status_code": 404, "action": "ignore"}`,
      `${where}[4].when: unknown key "when" in a response action; it takes status_code, content, action`,
      `${where}[5]: a response action must be an object such as {"status_code": 404, "action": "ignore"}, got "ignore"`,
      `${where}[6].content: content must be non-empty text to look for in the response body, got ""`,
    ]);
  });
});
