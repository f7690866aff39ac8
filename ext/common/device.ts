import { browser } from 'wxt/browser';

/**
 * A random id for this browser profile, used as the author of markers until
 * the co-leader channel gives each device its identity keys. Not secret.
 */
export async function deviceId(): Promise<string> {
  const got = await browser.storage.local.get('deviceId');
  if (typeof got.deviceId === 'string') return got.deviceId;
  const id = crypto.randomUUID();
  await browser.storage.local.set({ deviceId: id });
  return id;
}
