import { browser } from 'wxt/browser';
import { resolveSettings, type Settings, type UserSettings } from '../policy/settings';

/**
 * The user's own choices live in storage.local under one key; the effective
 * value is always computed from defaults < user < managed, never stored.
 */
const KEY = 'userSettings';

export async function readUserSettings(): Promise<UserSettings> {
  const got = await browser.storage.local.get(KEY);
  const v = got[KEY];
  return v && typeof v === 'object' ? (v as UserSettings) : {};
}

export async function writeUserSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
  const current = await readUserSettings();
  await browser.storage.local.set({ [KEY]: { ...current, [key]: value } });
}

export async function effectiveSettings(): Promise<Settings> {
  return resolveSettings(await readUserSettings()).settings;
}

export function onSettingsChanged(cb: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if ((area === 'local' && KEY in changes) || area === 'managed') cb();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
