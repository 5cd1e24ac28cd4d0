/**
 * The Store URL as the options page accepts it: https only, except the local demo API on
 * 127.0.0.1 / localhost in the demo/test build, whose manifest grants those hosts up front (so no
 * permission prompt for it). The store build grants no local hosts and accepts https only.
 */
export type StoreUrlCheck =
  | {
      ok: true;
      /** Origin plus any path, without a trailing slash: what the sync uses as its base URL. */
      url: string;
      origin: string;
      /** The optional host permission pattern to request, or null when the manifest already grants it. */
      permissionPattern: string | null;
    }
  | { ok: false; message: string };

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);
const EXAMPLE = 'https://yourstore.retail.lightspeed.app';

export interface StoreUrlOptions {
  /** The build's manifest grants http://127.0.0.1 and http://localhost (the demo/test build, never the store build). */
  localDemo: boolean;
}

export function checkStoreUrl(input: string, { localDemo }: StoreUrlOptions = { localDemo: false }): StoreUrlCheck {
  const text = input.trim();
  if (text === '') return { ok: false, message: `Enter your store’s address, for example ${EXAMPLE}` };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return { ok: false, message: `Start the address with https:// (for example ${EXAMPLE})` };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `That is not a web address. It should look like ${EXAMPLE}` };
  }
  const local = localDemo && url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !local) {
    const https = 'The address must start with https:// so the API token travels encrypted.';
    return { ok: false, message: localDemo ? `${https} Only a local demo (http://127.0.0.1 or http://localhost) may use http://.` : https };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'Leave the user name and password out of the address; the API token goes in its own field.' };
  }
  if (url.search || url.hash) {
    return { ok: false, message: 'Leave out everything after “?” or “#”; the store’s address is enough.' };
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: url.origin + path, origin: url.origin, permissionPattern: local ? null : `${url.origin}/*` };
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
