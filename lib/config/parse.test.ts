import { describe, expect, it } from 'vitest';
import { jsonErrorPosition } from './json-error';
import { parseConfigText } from './parse';

const GOOD = JSON.stringify({
  client: { base_url: 'https://shop.example.com', auth: { type: 'bearer', api_key: 'abcd-1234-efgh', location: 'header' } },
  resources: [{ name: 'sales', endpoint: { path: '/api/2.0/sales', paginator: 'single_page' } }],
});

describe('parseConfigText', () => {
  it('translates the seed dialect, validates, and returns the warnings of both steps', () => {
    const result = parseConfigText(GOOD);
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.path)).toEqual(['client.auth']);
  });

  it('gives the line and column of a JSON error, not a quote of the text', () => {
    const text = '{\n  "client": {"base_url": "https://x.example", "auth": {"token": "secret-token-value"}},\n  "resources": [x]\n}';
    const result = parseConfigText(text);
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'config', message: 'not valid JSON at line 3, column 17: unexpected "x"' }],
      warnings: [],
    });
  });

  it('points out single quotes, truncated text, and a pasted Python call', () => {
    expect(parseConfigText("{'client': 1}")).toMatchObject({
      errors: [{ message: `not valid JSON at line 1, column 2: unexpected "'" (JSON needs double quotes)` }],
    });
    expect(parseConfigText('{"client": {')).toMatchObject({ errors: [{ message: 'the JSON ends too early: a closing } or ] or " is missing' }] });
    expect(parseConfigText('rest_api_source({"client": {}})')).toMatchObject({
      errors: [
        {
          message:
            'the config must be a JSON object starting with "{"; from a Python rest_api_source({...}) call, paste only the {...} part, as JSON',
        },
      ],
    });
    expect(parseConfigText('  ')).toMatchObject({ errors: [{ message: 'the config is empty; paste a JSON object with "client" and "resources"' }] });
  });
});

describe('jsonErrorPosition', () => {
  it('finds the first offending character', () => {
    expect(jsonErrorPosition('{"a": 1,}')).toBe(8);
    expect(jsonErrorPosition('{"a": tru}')).toBe(6);
    expect(jsonErrorPosition('[1, 2] x')).toBe(7);
    expect(jsonErrorPosition('{"a": "\\q"}')).toBe(8);
    expect(jsonErrorPosition('{"a": -}')).toBe(6);
  });

  it('returns null for valid JSON', () => {
    expect(jsonErrorPosition('{"a": [1, -2.5e3, true, false, null, "x\\u00e9"], "b": {}}')).toBeNull();
  });
});
