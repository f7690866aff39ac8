import { browser } from 'wxt/browser';

/**
 * Locks the vault when the machine has had no input for the configured
 * minutes (idle API; 'locked' screen counts too). The idle API cannot see
 * less than 15 s, so shorter drill values are rounded up to that.
 */
export function startAutoLock(minutes: () => Promise<number>, lock: () => Promise<void>): () => Promise<void> {
  const apply = async () => {
    const secs = Math.max(15, Math.round((await minutes()) * 60));
    browser.idle.setDetectionInterval(secs);
  };
  const onState = (state: string) => {
    if (state === 'idle' || state === 'locked') void lock();
  };
  browser.idle.onStateChanged.addListener(onState);
  void apply();
  return apply;
}
