import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: {
    name: 'Retail Exporter',
    description: 'Sync your retail store’s data into the browser and export it as CSV or JSON.',
    permissions: ['storage', 'alarms', 'downloads', 'unlimitedStorage'],
    // The store's origin is requested at save time (options page); local demo hosts are granted up front.
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    optional_host_permissions: ['https://*/*'],
  },
  vite: () => ({ plugins: [preact()] }),
});
