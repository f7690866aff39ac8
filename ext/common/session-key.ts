import { browser } from 'wxt/browser';

/**
 * The unlocked vault key in storage.session: memory-only, gone when the
 * browser closes, and readable only by the extension's own pages and
 * background (Chrome's default TRUSTED_CONTEXTS; Firefox does not expose
 * storage.session to content scripts). The only module that touches it.
 */
const KEY = 'vaultKey';

export async function readSessionKey(): Promise<string | undefined> {
  const got = await browser.storage.session.get(KEY);
  const v = got[KEY];
  return typeof v === 'string' ? v : undefined;
}

export async function writeSessionKey(b64: string): Promise<void> {
  await browser.storage.session.set({ [KEY]: b64 });
}

export async function clearSessionKey(): Promise<void> {
  await browser.storage.session.remove(KEY);
}

/** Calls back when the key is removed from any context (lock, auto-lock). */
export function onSessionKeyCleared(cb: () => void): () => void {
  const listener = (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string) => {
    // A removal has no newValue (browsers omit it; some fakes send null).
    if (area === 'session' && KEY in changes && changes[KEY]?.newValue == null) cb();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** Calls back when the key is written from any context (a vault created or unlocked in another page). */
export function onSessionKeySet(cb: () => void): () => void {
  const listener = (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string) => {
    if (area === 'session' && KEY in changes && typeof changes[KEY]?.newValue === 'string') cb();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
