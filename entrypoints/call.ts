import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { ADAPTERS } from '../calls/adapters';
import { platformForUrl } from '../calls/platforms';
import { sendToBackground } from '../calls/send';
import { watchCall } from '../calls/watch';

/**
 * The content script that runs inside the video page (declared in
 * wxt.config.ts so WXT's content-script runtime and the polyfill stay out of
 * it). It reads, never writes, carries no clinical data and loads nothing.
 * Only the top frame reports, except on platforms whose call runs in a frame.
 */
export default defineUnlistedScript(() => {
  const platform = platformForUrl(location.href);
  if (!platform || (window !== window.top && !platform.allFrames)) return;
  sendToBackground('callPage', { platform: platform.id });
  watchCall(ADAPTERS[platform.id], platform.id, (r) => sendToBackground('callState', r));
});
