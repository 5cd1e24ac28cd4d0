/** The settings, the resolved config and whether a token is saved, kept live while the popup is open. */
import { useEffect, useState } from 'preact/hooks';
import { loadActive } from '@/lib/active-source';
import type { ConfigResult } from '@/lib/config/types';
import { apiTokenItem, settingsItem, type Settings } from '@/lib/settings';

export interface ActiveSource {
  settings: Settings;
  result: ConfigResult;
  selected: string[];
  hasToken: boolean;
}

export function useActiveSource(): ActiveSource | null {
  const [active, setActive] = useState<ActiveSource | null>(null);
  useEffect(() => {
    let stopped = false;
    const load = async () => {
      const [loaded, token] = await Promise.all([loadActive(), apiTokenItem.getValue()]);
      if (!stopped) setActive({ ...loaded, hasToken: token !== '' });
    };
    void load();
    const unwatch = [settingsItem.watch(() => void load()), apiTokenItem.watch(() => void load())];
    return () => {
      stopped = true;
      unwatch.forEach((u) => u());
    };
  }, []);
  return active;
}
