import type { Adapter } from './adapters/dom';
import { useWords } from './adapters/words';
import { IN_FRAMES, platformIdForUrl, type PlatformId } from './platforms';
import { callPort } from './send';
import { watchCall } from './watch';

/**
 * Starts a content script on a call page (entrypoints/call*.ts) with the
 * adapters of its group (calls/scripts.ts). It reads, never writes, carries no
 * clinical data and loads nothing. Only the top frame reports, except on
 * platforms whose call runs in a frame. `hosted`: the script was registered on
 * a self-hosted host (entrypoints/call-hosted.ts), whose pages read as
 * platformIdForUrl says for such a host.
 */
export function startCall(adapters: Partial<Record<PlatformId, Adapter>>, hosted = false): void {
  const platform = platformIdForUrl(location.href, hosted ? [location.hostname] : []);
  const adapter = platform && adapters[platform];
  if (!adapter || (window !== window.top && !IN_FRAMES.has(platform))) return;
  // The first report opens the port, which says hello first; the background answers whether anybody
  // listens, and with the word tables of the page's language, which the page is then read with.
  const send = callPort(
    { type: 'callPage', data: { platform, lang: document.documentElement.lang } },
    (on) => watch.listen(on),
    (tables) => {
      useWords(tables);
      watch.reread();
    },
  );
  const watch = watchCall(adapter, platform, (r) => send({ type: 'callState', data: r }));
}
