import { browser } from 'wxt/browser';
import { hostPattern, patternHost } from '../../calls/hosted';

/**
 * The browser's side of self-hosted call servers for extension pages:
 * asking for a host (on a user gesture), and which hosts are allowed. The
 * background registers and unregisters the content script (ext/background/hosted-scripts.ts).
 */
export function askForHost(host: string): Promise<boolean> {
  return browser.permissions.request({ origins: [hostPattern(host)] });
}

/** The self-hosted hosts the browser allows Squircle on now. */
export async function allowedHosts(): Promise<Set<string>> {
  const { origins = [] } = await browser.permissions.getAll();
  return new Set(origins.map(patternHost).filter((h): h is string => h !== undefined));
}

/** Calls `cb` whenever the browser grants or withdraws a permission. */
export function onPermissionsChanged(cb: () => void): void {
  browser.permissions.onAdded.addListener(cb);
  browser.permissions.onRemoved.addListener(cb);
}
