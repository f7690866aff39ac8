import type { UnlockThrottleRow } from './db';

export interface VaultPeek {
  /** A wrapped vault key is stored. */
  exists: boolean;
  /** Unlocking also needs a security key. */
  securityKey: boolean;
  throttle: Pick<UnlockThrottleRow, 'failures' | 'lastFailureAt'>;
}

const NOTHING: VaultPeek = { exists: false, securityKey: false, throttle: { failures: 0, lastFailureAt: 0 } };

/**
 * What the lock screen needs before anything else loads: whether a vault
 * exists and the unlock throttle, read from the same rows VaultStore uses
 * (`vault['vault']`, `meta['throttle']`) with plain IndexedDB, so the locked
 * side panel does not load Dexie.
 *
 * Read-only and never creates the database: a profile without one reads as
 * no vault, and Dexie's first open later finds nothing in its way. Closes
 * its connection at once, and at any version change, so it never blocks
 * Dexie's upgrades. Throws only if IndexedDB itself fails.
 */
export async function peekVault(name = 'squircle'): Promise<VaultPeek> {
  const known = await indexedDB.databases();
  if (!known.some((d) => d.name === name)) return NOTHING;
  const db = await openExisting(name);
  if (!db) return NOTHING;
  try {
    if (!db.objectStoreNames.contains('vault') || !db.objectStoreNames.contains('meta')) return NOTHING;
    const tx = db.transaction(['vault', 'meta'], 'readonly');
    const [vault, throttle] = await Promise.all([
      request<{ wrapped?: { hardwareKey?: unknown } } | undefined>(tx.objectStore('vault').get('vault')),
      request<Partial<UnlockThrottleRow> | undefined>(tx.objectStore('meta').get('throttle')),
    ]);
    return {
      exists: !!vault?.wrapped,
      securityKey: !!vault?.wrapped?.hardwareKey,
      throttle:
        throttle?.id === 'throttle'
          ? { failures: throttle.failures ?? 0, lastFailureAt: throttle.lastFailureAt ?? 0 }
          : NOTHING.throttle,
    };
  } finally {
    db.close();
  }
}

/** Opens at the current version; undefined if the database vanished meanwhile (its creation is undone). */
function openExisting(name: string): Promise<IDBDatabase | undefined> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(name);
    let created = false;
    r.onupgradeneeded = () => {
      created = true;
      r.transaction!.abort();
    };
    r.onsuccess = () => {
      r.result.onversionchange = () => r.result.close();
      resolve(r.result);
    };
    r.onerror = (e) => {
      if (created) {
        e.preventDefault();
        resolve(undefined);
      } else reject(r.error);
    };
  });
}

function request<T>(r: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result as T);
    r.onerror = () => reject(r.error);
  });
}
