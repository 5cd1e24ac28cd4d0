/** Host access to the store, asked for at the moment the user saves or tests the connection. */
import { LOCAL_DEMO_HOST_PATTERNS } from '@/lib/local-demo';
import { checkStoreUrl, type StoreUrlCheck } from '@/lib/ui/store-url';

/**
 * Whether this build's manifest grants the local demo hosts: the demo/test build does
 * (wxt.config.ts), the store build users install does not. Read from the manifest itself so the
 * page can never accept an address the build has no access to.
 */
export function grantsLocalDemo(): boolean {
  const granted = (browser.runtime.getManifest() as { host_permissions?: string[] }).host_permissions ?? [];
  return LOCAL_DEMO_HOST_PATTERNS.every((p) => granted.includes(p));
}

/** The Store URL check for this build (see `checkStoreUrl`). */
export function checkStoreUrlHere(input: string): StoreUrlCheck {
  return checkStoreUrl(input, { localDemo: grantsLocalDemo() });
}

export type AccessResult = { ok: true } | { ok: false; message: string };

/**
 * Must be called synchronously from a click handler (before any await): Chrome and Firefox only show
 * the permission prompt during a user gesture. The demo build's local hosts are granted in its manifest.
 */
export function requestStoreAccess(check: Extract<StoreUrlCheck, { ok: true }>, tokenUrls: readonly string[] = []): Promise<AccessResult> {
  // An OAuth token URL on another site (the config's access_token_url) is asked for in the same prompt.
  const origins = [...(check.permissionPattern ? [check.permissionPattern] : []), ...tokenUrls];
  if (origins.length === 0) return Promise.resolve({ ok: true });
  const host = new URL(check.origin).host;
  const declined: AccessResult = {
    ok: false,
    message: `The browser did not allow access to ${host}, so sync can’t reach the store. Save again and choose “Allow” when the browser asks.`,
  };
  return browser.permissions.request({ origins }).then(
    (granted) => (granted ? { ok: true } : declined),
    () => declined,
  );
}
