import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { ADAPTERS } from '../calls/adapters';
import { IN_FRAMES, platformIdForUrl } from '../calls/platforms';
import { callPort } from '../calls/send';
import { watchCall } from '../calls/watch';

/**
 * The content script that runs inside the video page (declared in
 * wxt.config.ts so WXT's content-script runtime and the polyfill stay out of
 * it). It reads, never writes, carries no clinical data and loads nothing.
 * Only the top frame reports, except on platforms whose call runs in a frame.
 */
export default defineUnlistedScript(() => {
  const platform = platformIdForUrl(location.href);
  if (!platform || (window !== window.top && !IN_FRAMES.has(platform))) return;
  const send = callPort({ type: 'callPage', data: { platform } });
  // The first report opens the port, which says hello first.
  watchCall(ADAPTERS[platform], platform, (r) => send({ type: 'callState', data: r }));
});
