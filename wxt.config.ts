import path from 'node:path';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { LOCAL_DEMO_HOST_PATTERNS } from './lib/local-demo';
import { ICON_SIZES, writeIcons } from './scripts/icons';

/**
 * Two builds from one source, told apart by WXT's mode:
 * - `npm run build` (mode "production", `.output/chrome-mv3`, `.output/firefox-mv3`): what the
 *   tests, the demo and the bench load. It also grants the local demo store's hosts up front.
 * - `npm run zip` (mode "store", `.output/*-store/` and the zips): what users install. No local
 *   hosts; each store's origin is asked for at Save (optional `https://*` host permission).
 * The README's "Permissions" section says why each permission is there.
 */
export const STORE_MODE = 'store';
/** The Firefox add-on id (a GUID, so it claims no domain): AMO ties updates and the user's data to it, so it never changes. */
export const GECKO_ID = '{964e2a02-ffce-467b-aee0-91f164cabfef}';

const icons = Object.fromEntries(ICON_SIZES.map((size) => [size, `icon/${size}.png`]));

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Firefox gets MV3 too: MV2 has no optional_host_permissions (WXT strips the key), and
  // AMO requires an add-on id for MV3, set below.
  manifestVersion: 3,
  manifest: ({ browser, mode }) => ({
    name: 'Retail Exporter',
    description: 'Sync your retail store’s data into the browser and export it as CSV, JSON, Excel or Parquet files.',
    permissions: ['storage', 'alarms', 'downloads', 'unlimitedStorage'],
    host_permissions: mode === STORE_MODE ? undefined : [...LOCAL_DEMO_HOST_PATTERNS],
    // The store's origin is requested when the user saves it on the options page.
    optional_host_permissions: ['https://*/*'],
    icons,
    action: { default_icon: icons },
    browser_specific_settings:
      browser === 'firefox'
        ? {
            gecko: {
              id: GECKO_ID,
              // data_collection_permissions needs Firefox 140 (desktop) / 142 (Android).
              strict_min_version: '140.0',
              // Nothing is collected: the data goes from the store to this browser only (PRIVACY.md).
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          }
        : undefined,
  }),
  hooks: {
    'build:publicAssets': (wxt, files) => {
      const written = writeIcons(path.join(wxt.config.wxtDir, 'icons'));
      for (const size of ICON_SIZES) files.push({ absoluteSrc: written[size], relativeDest: icons[size] });
    },
    'zip:start': (wxt) => {
      if (wxt.config.mode !== STORE_MODE) {
        throw new Error(`Store zips come from the store build only (they must not grant ${LOCAL_DEMO_HOST_PATTERNS.join(', ')}): run "npm run zip", not "wxt zip".`);
      }
    },
  },
  zip: {
    // The sources zip is for Firefox's reviewers: what builds the add-on, not local output.
    excludeSources: ['exports/**', 'test-results/**', 'bench/results.json', '*.log'],
  },
  vite: () => ({ plugins: [preact()] }),
});
