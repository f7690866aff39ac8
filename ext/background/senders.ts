import { isPracticePage, platformForUrl, type PlatformId } from '../../calls/platforms';

/** The parts of runtime.MessageSender we rely on. */
export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

/**
 * A content script is untrusted input: accept it only from our own
 * extension, from a tab, on a page whose URL is a platform it claims.
 * The extension's own practice call page (a tab at `ownOrigin`practice.html)
 * runs the same adapter and reports the same way, as the demo platform.
 * Pure, so it is tested without a browser.
 */
export function isCallPageSender(
  sender: Sender,
  ownId: string,
  claimed: PlatformId,
  extra: { hosts?: readonly string[]; ownOrigin?: string } = {},
): boolean {
  if (sender.id !== ownId || sender.tab?.id === undefined) return false;
  if (claimed === 'demo' && extra.ownOrigin && isPracticePage(sender.url, extra.ownOrigin)) return true;
  const platform = platformForUrl(sender.url, extra.hosts);
  return platform?.id === claimed;
}

/** Our own pages (side panel, options): same extension, extension origin. */
export function isExtensionPageSender(sender: Sender, ownId: string, ownOrigin: string): boolean {
  return sender.id === ownId && typeof sender.url === 'string' && sender.url.startsWith(ownOrigin);
}
