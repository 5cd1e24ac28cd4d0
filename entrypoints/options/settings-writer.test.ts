import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { settingsItem } from '@/lib/settings';
import { updateSettings } from './settings-writer';

describe('updateSettings', () => {
  beforeEach(() => fakeBrowser.reset());

  it('keeps both of two changes made at the same moment (a checkbox and Save)', async () => {
    await Promise.all([
      updateSettings((s) => ({ ...s, selected: ['sales'] })),
      updateSettings((s) => ({ ...s, baseUrl: 'https://shop.example.com' })),
    ]);
    const stored = await settingsItem.getValue();
    expect(stored.selected).toEqual(['sales']);
    expect(stored.baseUrl).toBe('https://shop.example.com');
  });

  it('a failed change does not block the next one', async () => {
    await expect(
      updateSettings(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await updateSettings((s) => ({ ...s, autoSyncHours: 6 }));
    expect((await settingsItem.getValue()).autoSyncHours).toBe(6);
  });
});
