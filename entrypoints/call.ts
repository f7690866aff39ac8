import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { platformForUrl } from '../calls/platforms';
import { sendMessage } from '../ext/protocol';

/**
 * The content script that runs inside the video page (declared in
 * wxt.config.ts so WXT's content-script runtime and the polyfill stay out of
 * it). It reads, never writes, carries no clinical data and loads nothing.
 */
export default defineUnlistedScript(() => {
  const platform = platformForUrl(location.href);
  if (platform) void sendMessage('callPage', { platform: platform.id }).catch(() => undefined);
});
