import { platformForUrl, type PlatformId } from '../../calls/platforms';

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
 * Pure, so it is tested without a browser.
 */
export function isCallPageSender(
  sender: Sender,
  ownId: string,
  claimed: PlatformId,
  extraHosts: readonly string[] = [],
): boolean {
  if (sender.id !== ownId || sender.tab?.id === undefined) return false;
  const platform = platformForUrl(sender.url, extraHosts);
  return platform?.id === claimed;
}

/** Our own pages (side panel, options): same extension, extension origin. */
export function isExtensionPageSender(sender: Sender, ownId: string, ownOrigin: string): boolean {
  return sender.id === ownId && typeof sender.url === 'string' && sender.url.startsWith(ownOrigin);
}
