import { describe, expect, it } from 'vitest';
import { checkStoreUrl } from './store-url';

describe('checkStoreUrl', () => {
  it('accepts https and asks for that origin as a host permission', () => {
    expect(checkStoreUrl(' https://shop.retail.lightspeed.app/ ')).toEqual({
      ok: true,
      url: 'https://shop.retail.lightspeed.app',
      origin: 'https://shop.retail.lightspeed.app',
      permissionPattern: 'https://shop.retail.lightspeed.app/*',
    });
  });

  it('in the demo build, accepts http only for the local demo API, which needs no permission request', () => {
    const demo = { localDemo: true };
    expect(checkStoreUrl('http://127.0.0.1:8787', demo)).toMatchObject({ ok: true, url: 'http://127.0.0.1:8787', permissionPattern: null });
    expect(checkStoreUrl('http://localhost:3000/', demo)).toMatchObject({ ok: true, url: 'http://localhost:3000', permissionPattern: null });
    expect(checkStoreUrl('http://127.0.0.2', demo).ok).toBe(false);
  });

  it('in the store build (the default), refuses local http too: its manifest grants no local host', () => {
    for (const url of ['http://127.0.0.1:8787', 'http://localhost:3000']) {
      const check = checkStoreUrl(url);
      expect(check).toEqual({ ok: false, message: 'The address must start with https:// so the API token travels encrypted.' });
    }
    expect(checkStoreUrl('https://localhost:8443')).toMatchObject({ ok: true, permissionPattern: 'https://localhost:8443/*' });
  });

  it('rejects plain http elsewhere, naming https', () => {
    for (const localDemo of [false, true]) {
      const check = checkStoreUrl('http://shop.example.com', { localDemo });
      expect(check.ok).toBe(false);
      expect(!check.ok && check.message).toMatch(/https:\/\//);
    }
  });

  it('explains a missing scheme, an empty field and credentials in the URL', () => {
    expect(checkStoreUrl('shop.retail.lightspeed.app')).toMatchObject({ ok: false, message: expect.stringMatching(/Start the address with https/) });
    expect(checkStoreUrl('')).toMatchObject({ ok: false, message: expect.stringMatching(/Enter your store/) });
    expect(checkStoreUrl('https://me:pw@shop.example.com')).toMatchObject({ ok: false, message: expect.stringMatching(/user name and password/) });
    expect(checkStoreUrl('https://shop.example.com/?token=x')).toMatchObject({ ok: false });
  });
});
