import { browser } from 'wxt/browser';

/**
 * The clinic's managed policy (Chrome/Edge `3rdparty` policy, Firefox
 * managed storage manifest): the only module that reads storage.managed.
 * No policy at all (the usual case, and Firefox's error when there is no
 * manifest) is an empty object; the values are checked in policy/.
 */
export async function readManaged(): Promise<Record<string, unknown>> {
  try {
    const area = (browser.storage as unknown as { managed?: { get(k: null): Promise<Record<string, unknown>> } })
      .managed;
    return (await area?.get(null)) ?? {};
  } catch {
    return {};
  }
}
