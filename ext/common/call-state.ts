import { browser } from 'wxt/browser';
import type { CallReport } from '../../calls/report';

/**
 * The call state of each call tab, as its content script last reported it.
 * Kept in storage.session only (memory, trusted contexts, gone with the
 * browser session): participant names are never written to disk. Read
 * here by any context; written only by ext/background/call-state.ts.
 */
export interface CallState extends CallReport {
  tabId: number;
  /** Date.now() when the background accepted the report. */
  updatedAt: number;
}

export const CALL_STATE_KEY = /^call:(\d+)$/;
export const callStateKey = (tabId: number) => `call:${tabId}`;

export async function readCallState(tabId: number): Promise<CallState | undefined> {
  const key = callStateKey(tabId);
  const got = await browser.storage.session.get(key);
  return (got[key] as CallState | null | undefined) ?? undefined;
}

/** Calls back with the new state (undefined once forgotten) whenever a tab's call state changes, from any context. */
export function onCallStateChanged(cb: (tabId: number, state: CallState | undefined) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'session') return;
    for (const [key, change] of Object.entries(changes)) {
      const m = CALL_STATE_KEY.exec(key);
      // A removal has no newValue (browsers omit it; some fakes send null).
      if (m) cb(Number(m[1]), (change.newValue ?? undefined) as CallState | undefined);
    }
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
