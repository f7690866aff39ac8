import type { ProtocolMap } from '../ext/common/protocol';
import type { Table } from './adapters/words';
import { CALL_PORT, type CallPortReply } from './report';

/** One message on the call port: a ProtocolMap message's name and data. */
export type CallPortMessage = {
  [K in keyof ProtocolMap]: { type: K; data: Parameters<ProtocolMap[K]>[0] };
}[keyof ProtocolMap];

/**
 * The content script's one long-lived port to the background (a message per
 * report would set up a channel each time). `hello` is posted first on every
 * connection, so a background that restarted (and dropped the port) learns
 * the page again before its next report. Returns a send function that is
 * false once the extension is gone (reloaded or updated), so the caller can stop.
 *
 * `listen` hears whether anybody needs reports (the background's answer to
 * each hello, and each change after). A dropped port means the background
 * stopped: it can no longer ask, so `listen(true)` then, and what changed
 * goes out once (reconnecting) instead of waiting for a question never asked.
 * `words` hears the word tables the background sends for the page's language.
 */
export function callPort(
  hello: CallPortMessage,
  listen?: (on: boolean) => void,
  words?: (tables: Table[]) => void,
): (m: CallPortMessage) => boolean {
  let port: chrome.runtime.Port | undefined;
  const open = () => {
    const p = (port = chrome.runtime.connect({ name: CALL_PORT }));
    p.onDisconnect.addListener(() => {
      if (port === p) port = undefined;
      listen?.(true);
    });
    p.onMessage.addListener((m: CallPortReply) => ('words' in m ? words?.(m.words) : listen?.(m.listen === true)));
    p.postMessage(hello);
    return p;
  };
  return (m) => {
    // A port the background dropped (it stopped while idle) throws on post: connect once more.
    for (let tries = 0; tries < 2; tries++)
      try {
        (port ?? open()).postMessage(m);
        return true;
      } catch {
        port = undefined;
      }
    // "Extension context invalidated": this script outlived its extension.
    return false;
  };
}
