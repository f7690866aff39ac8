import { browser } from 'wxt/browser';
import type { ThrottleMirror, ThrottleState } from '../../storage/vault-store';

/**
 * The unlock throttle's second copy, in storage.local (another folder of the
 * profile than IndexedDB): lowering the count takes editing both.
 */
const KEY = 'unlockThrottle';

export const throttleMirror: ThrottleMirror = {
  read: async () => (await browser.storage.local.get(KEY))[KEY] as Partial<ThrottleState> | undefined,
  write: async (t) => browser.storage.local.set({ [KEY]: t }),
};
