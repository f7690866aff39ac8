import type { Adapter } from './adapters/dom';
import { useWords } from './adapters/words';
import { IN_FRAMES, type PlatformId } from './platforms';
import { callPort } from './send';
import { watchCall } from './watch';

/**
 * Starts a content script on a call page (entrypoints/call*.ts) with the
 * adapters of its group (calls/scripts.ts). It reads, never writes, carries no
 * clinical data and loads nothing. Only the top frame reports, except on
 * platforms whose call runs in a frame. `which` names the page's platform
 * among the script's own: the manifest (or, for self-hosted hosts, the
 * background) runs each script only on its platforms' pages, so a script of
 * one platform names it, and only a script of several looks at the address
 * (through platformIdForUrl only where it must: that carries every platform's
 * addresses into the script).
 */
export function startCall(
  adapters: Partial<Record<PlatformId, Adapter>>,
  which: PlatformId | ((url: URL) => PlatformId | undefined),
): void {
  const platform = typeof which === 'string' ? which : which(new URL(location.href));
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
