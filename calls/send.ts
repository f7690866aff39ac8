import type { ProtocolMap } from '../ext/common/protocol';

/**
 * Sends one ProtocolMap message to the background in the exact shape
 * @webext-core/messaging's onMessage expects ({ id, type, data, timestamp }),
 * without bundling the library into the content script (it would double the
 * script's size). Typed through ProtocolMap like every other message.
 * Returns false once the extension is gone (reloaded or updated), so the
 * caller can stop.
 */
export function sendToBackground<K extends keyof ProtocolMap>(type: K, data: Parameters<ProtocolMap[K]>[0]): boolean {
  try {
    void chrome.runtime.sendMessage({ id: 0, type, data, timestamp: Date.now() }).catch(() => undefined);
    return true;
  } catch {
    // "Extension context invalidated": this script outlived its extension.
    return false;
  }
}
