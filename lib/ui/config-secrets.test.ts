import { describe, expect, it } from 'vitest';
import { TOKEN_PLACEHOLDER } from '@/lib/config';
import { scrubConfigSecrets } from './config-secrets';

const config = (auth: object) => `{
  "client": {
    "base_url": "https://shop.example.com",
    "auth": ${JSON.stringify(auth)}
  },
  "resources": ["sales"]
}`;

describe('scrubConfigSecrets', () => {
  it('replaces a literal bearer token with the placeholder, keeping the layout', () => {
    const { text, secrets } = scrubConfigSecrets(config({ type: 'bearer', token: 'lsxs_pt_SECRET123' }));
    expect(secrets).toEqual(['lsxs_pt_SECRET123']);
    expect(text).not.toContain('SECRET123');
    expect(text).toBe(config({ type: 'bearer', token: TOKEN_PLACEHOLDER }));
  });

  it('catches a secret written with JSON escapes', () => {
    const text = config({ type: 'bearer', token: 'PLACEHOLDER' }).replace('"PLACEHOLDER"', '"\\u0041bc-secret"');
    const scrubbed = scrubConfigSecrets(text);
    expect(scrubbed.secrets).toEqual(['Abc-secret']);
    expect(JSON.parse(scrubbed.text).client.auth.token).toBe(TOKEN_PLACEHOLDER);
  });

  it('leaves a config that already uses the placeholder, or is not JSON, untouched', () => {
    const clean = config({ type: 'bearer', token: TOKEN_PLACEHOLDER });
    expect(scrubConfigSecrets(clean)).toEqual({ text: clean, secrets: [] });
    expect(scrubConfigSecrets('{ nope')).toEqual({ text: '{ nope', secrets: [] });
  });
});
