import { browser } from 'wxt/browser';
import { resolveSettings, type Resolved, type Settings, type UserSettings } from '../../policy/settings';
import { readManaged } from './managed';

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

/** Computed on every read from defaults, the user's choices and the clinic's policy; never stored. */
export async function resolvedSettings(): Promise<Resolved> {
  const [user, managed] = await Promise.all([readUserSettings(), readManaged()]);
  return resolveSettings(user, managed as UserSettings);
}

export async function effectiveSettings(): Promise<Settings> {
  return (await resolvedSettings()).settings;
}

export function onSettingsChanged(cb: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if ((area === 'local' && KEY in changes) || area === 'managed') cb();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
