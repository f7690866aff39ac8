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

/**
 * Clears the key for a key rotation (ext/panel/vault-service.ts), saying so
 * in the same change: a page that sees the key go must then not save what
 * its fields hold under the old key, as it does after a lock, since the
 * rotation re-seals every row and a row written under the old key after it
 * would not open.
 */
export async function clearSessionKeyForRotation(): Promise<void> {
  await browser.storage.session.set({ [KEY]: { rotating: true } });
}

/** Calls back when the key is removed from any context (lock, auto-lock, a key rotation). */
export function onSessionKeyCleared(cb: (how: { rotating: boolean }) => void): () => void {
  const listener = (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string) => {
    if (area !== 'session' || !(KEY in changes)) return;
    // A removal has no newValue (browsers omit it; some fakes send null); a rotation leaves a marker.
    const now = changes[KEY]?.newValue;
    if (typeof now === 'string') return;
    cb({ rotating: typeof now === 'object' && now !== null && (now as { rotating?: unknown }).rotating === true });
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
