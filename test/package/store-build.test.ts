/**
 * The zips users install (`npm run zip`) against the build the tests load (`npm run build`):
 * least privilege, icons, Firefox's add-on settings and Mozilla's linter. Needs `npm run build`
 * and `npm run zip` first (npm test runs both).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_DEMO_HOST_PATTERNS } from '@/lib/local-demo';
import { findStoreZip, formatReport, lintFirefoxZip, OUTPUT_DIR, readZip, type LintReport } from '../../scripts/lint-firefox';
import { ICON_SIZES } from '../../scripts/icons';
import { GECKO_ID } from '../../wxt.config';

interface Manifest {
  manifest_version: number;
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  optional_permissions?: string[];
  icons?: Record<string, string>;
  action?: { default_icon?: Record<string, string>; default_popup?: string };
  background?: { service_worker?: string; scripts?: string[] };
  browser_specific_settings?: { gecko?: { id?: string; data_collection_permissions?: { required?: string[]; optional?: string[] } } };
}

/**
 * Extension API namespaces that need a manifest permission, as Chrome and Firefox document them
 * (developer.chrome.com/docs/extensions/reference/permissions-list, MDN "permissions").
 * `runtime`, `permissions`, `i18n` and `action` need none. Not every one is used; a use of any
 * of them in the built code must be declared.
 */
const API_PERMISSION: Record<string, string> = {
  alarms: 'alarms',
  bookmarks: 'bookmarks',
  contextMenus: 'contextMenus',
  cookies: 'cookies',
  declarativeNetRequest: 'declarativeNetRequest',
  downloads: 'downloads',
  history: 'history',
  identity: 'identity',
  idle: 'idle',
  management: 'management',
  notifications: 'notifications',
  offscreen: 'offscreen',
  scripting: 'scripting',
  sidePanel: 'sidePanel',
  storage: 'storage',
  tabGroups: 'tabGroups',
  topSites: 'topSites',
  webNavigation: 'webNavigation',
  webRequest: 'webRequest',
};

/** Permissions no API namespace stands for, with the code that needs them. */
const CAPABILITY_PERMISSION: Record<string, RegExp> = {
  // IndexedDB beyond the default quota: the synced tables live there (lib/store).
  unlimitedStorage: /\bindexedDB\.open\(/,
};

const isLocalPattern = (p: string) => /127\.0\.0\.1|localhost|\[::1\]/.test(p);

/**
 * Permission-needing API namespaces the built JavaScript uses: minified, `browser.alarms.create`
 * reads `e.alarms.create(`, and WXT's storage reads `e.storage[area]`. The web's own
 * `navigator.storage` and `window.history` are not extension APIs.
 */
function apiPermissionsUsed(files: Record<string, Uint8Array>): Set<string> {
  const used = new Set<string>();
  const pattern = new RegExp(`(?<!navigator|window|globalThis|self)\\.(${Object.keys(API_PERMISSION).join('|')})(?:\\.[A-Za-z]|\\[)`, 'g');
  for (const [name, bytes] of Object.entries(files)) {
    if (!name.endsWith('.js')) continue;
    for (const m of new TextDecoder().decode(bytes).matchAll(pattern)) used.add(API_PERMISSION[m[1]]);
  }
  return used;
}

function capabilityPermissionsUsed(files: Record<string, Uint8Array>): Set<string> {
  const code = Object.entries(files)
    .filter(([name]) => name.endsWith('.js'))
    .map(([, bytes]) => new TextDecoder().decode(bytes))
    .join('\n');
  return new Set(Object.entries(CAPABILITY_PERMISSION).filter(([, re]) => re.test(code)).map(([p]) => p));
}

/** Width and height from a PNG's IHDR chunk (RFC 2083 §4.1.1), after checking the signature. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!signature.every((b, i) => bytes[i] === b)) throw new Error('not a PNG');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const manifestOf = (files: Record<string, Uint8Array>): Manifest => JSON.parse(new TextDecoder().decode(files['manifest.json']));

const stores = {
  chrome: () => readZip(findStoreZip('chrome')),
  firefox: () => readZip(findStoreZip('firefox')),
};

describe.each(Object.keys(stores) as (keyof typeof stores)[])('the %s store zip', (browser) => {
  let files: Record<string, Uint8Array>;
  let manifest: Manifest;
  beforeAll(() => {
    files = stores[browser]();
    manifest = manifestOf(files);
  });

  it('grants no local host: nothing in its manifest names 127.0.0.1 or localhost', () => {
    const text = new TextDecoder().decode(files['manifest.json']);
    expect(text).not.toMatch(/127\.0\.0\.1|localhost/);
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect([...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])].filter(isLocalPattern)).toEqual([]);
  });

  it('asks for host access only per store at Save: an optional https host permission, nothing granted at install', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.optional_host_permissions).toEqual(['https://*/*']);
    // An origin in `permissions` would be granted at install (MV2 habit); there must be none.
    expect((manifest.permissions ?? []).filter((p) => p.includes('://') || p === '<all_urls>')).toEqual([]);
  });

  it('declares every permission its code uses, and uses every permission it declares', () => {
    const used = new Set([...apiPermissionsUsed(files), ...capabilityPermissionsUsed(files)]);
    expect([...used].sort()).toEqual([...(manifest.permissions ?? [])].sort());
    // The scan must see real calls, or the comparison above proves nothing.
    expect(used).toContain('downloads');
    expect(used).toContain('alarms');
  });

  it('carries the icons at 16, 32, 48 and 128 px, for the toolbar and the listing', () => {
    for (const icons of [manifest.icons, manifest.action?.default_icon]) {
      expect(Object.keys(icons ?? {}).map(Number).sort((a, b) => a - b)).toEqual([...ICON_SIZES]);
      for (const [size, file] of Object.entries(icons ?? {})) {
        expect(files[file], `${file} in the zip`).toBeDefined();
        expect(pngSize(files[file])).toEqual({ width: Number(size), height: Number(size) });
      }
    }
  });

  it('holds the pages and the background the manifest names', () => {
    expect(files[manifest.action?.default_popup ?? '']).toBeDefined();
    const background = manifest.background?.service_worker ?? manifest.background?.scripts?.[0];
    expect(files[background ?? '']).toBeDefined();
  });
});

describe('the build the tests and the demo load (npm run build)', () => {
  it('grants the local demo hosts, and otherwise asks for what the store build asks for', () => {
    const demo = JSON.parse(fs.readFileSync(path.join(OUTPUT_DIR, 'chrome-mv3', 'manifest.json'), 'utf8')) as Manifest;
    const store = manifestOf(stores.chrome());
    expect(demo.host_permissions).toEqual([...LOCAL_DEMO_HOST_PATTERNS]);
    expect(demo.permissions).toEqual(store.permissions);
    expect(demo.optional_host_permissions).toEqual(store.optional_host_permissions);
  });
});

describe('the Firefox store zip', () => {
  let manifest: Manifest;
  let lint: LintReport;
  beforeAll(async () => {
    manifest = manifestOf(stores.firefox());
    lint = await lintFirefoxZip(findStoreZip('firefox'));
  }, 120_000);

  it('has a stable add-on id and declares that it collects no data', () => {
    expect(manifest.browser_specific_settings?.gecko?.id).toBe(GECKO_ID);
    expect(GECKO_ID).toMatch(/^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/);
    expect(manifest.browser_specific_settings?.gecko?.data_collection_permissions).toEqual({ required: ['none'] });
  });

  it('runs its background as an event page, which Firefox MV3 supports (it has no service workers for extensions)', () => {
    expect(manifest.background?.scripts).toEqual(['background.js']);
  });

  it('passes web-ext lint: 0 errors and 0 warnings in our code', () => {
    expect(lint.errors, formatReport(lint)).toEqual([]);
    expect(lint.warnings, formatReport(lint)).toEqual([]);
    // Only Preact's dangerouslySetInnerHTML path is let through, and only because we never use it.
    expect(lint.dependencyWarnings.map((w) => w.dependency)).toEqual(lint.dependencyWarnings.length ? ['preact'] : []);
  });

  it('our sources never write HTML as text, so the linter warning allowed in Preact cannot be ours', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(entry.name) && /dangerouslySetInnerHTML|\.(inner|outer)HTML\s*=|insertAdjacentHTML|document\.write/.test(fs.readFileSync(file, 'utf8'))) offenders.push(file);
      }
    };
    walk(path.resolve('entrypoints'));
    walk(path.resolve('lib'));
    expect(offenders).toEqual([]);
  });

  it('comes with a sources zip a reviewer can build from, without local output or dependencies', () => {
    const names = Object.keys(readZip(findStoreZip('sources')));
    for (const needed of ['package.json', 'package-lock.json', 'wxt.config.ts', 'README.md', 'PRIVACY.md', 'assets/icon.svg', 'scripts/icons.ts', 'entrypoints/popup/App.tsx']) {
      expect(names).toContain(needed);
    }
    expect(names.filter((n) => /^(node_modules|\.output|\.wxt|exports|test-results)\//.test(n))).toEqual([]);
  });
});
