import { browser } from 'wxt/browser';
import { CALL_STATE_KEY, callStateKey, type CallState } from '../common/call-state';
import { isPracticePage, platformById, platformForUrl } from '../../calls/platforms';
import { validateCallReport } from '../../calls/report';
import { onMessage } from '../common/protocol';
import { isCallPageSender, type Sender } from './senders';
import { effectiveSettings } from '../common/settings-store';

/**
 * Checks one report from a content script and stores it. The report must be
 * well formed (validateCallReport), come from our own content script in a tab
 * whose frame URL is a page of the platform it claims, and from the top frame
 * unless that platform runs its call in a frame (Zoom). Returns what was
 * stored, or undefined when the report was refused. Never throws on bad input.
 */
export async function acceptCallState(
  data: unknown,
  sender: Sender,
  ownId: string,
  now = Date.now(),
  ownOrigin?: string,
): Promise<CallState | undefined> {
  const report = validateCallReport(data);
  if (!report || !isCallPageSender(sender, ownId, report.platform, { ownOrigin })) return undefined;
  if (sender.frameId !== 0 && !platformById(report.platform)?.allFrames) return undefined;
  const state: CallState = { ...report, tabId: sender.tab!.id!, updatedAt: now };
  await browser.storage.session.set({ [callStateKey(state.tabId)]: state });
  return state;
}

export async function forgetCallState(tabId: number): Promise<void> {
  await browser.storage.session.remove(callStateKey(tabId));
}

/**
 * Background wiring: accept reports, and forget a tab's state when it closes
 * or leaves its platform (a tab we have no host permission for shows no URL,
 * which counts as leaving; the extension's practice page stays a call page).
 * States of tabs that closed while the worker was not running are swept at start.
 */
export function startCallState(ownId: string): () => void {
  const ownOrigin = browser.runtime.getURL('/');
  const offMessage = onMessage('callState', async ({ data, sender }) => {
    // A platform the clinic did not approve is not followed at all.
    const platform = (data as { platform?: unknown } | null)?.platform;
    if (typeof platform === 'string' && !(await effectiveSettings()).allowedPlatforms.includes(platform)) return;
    await acceptCallState(data, sender, ownId, Date.now(), ownOrigin);
  });
  const removed = (tabId: number) => void forgetCallState(tabId);
  const updated = (tabId: number, change: { url?: string; status?: string }, tab: { url?: string }) => {
    const stillCall = platformForUrl(tab.url) || isPracticePage(tab.url, ownOrigin);
    if ((change.url !== undefined || change.status === 'loading') && !stillCall) void forgetCallState(tabId);
  };
  browser.tabs.onRemoved.addListener(removed);
  browser.tabs.onUpdated.addListener(updated);
  void sweep();
  return () => {
    offMessage();
    browser.tabs.onRemoved.removeListener(removed);
    browser.tabs.onUpdated.removeListener(updated);
  };
}

async function sweep(): Promise<void> {
  const [stored, tabs] = await Promise.all([browser.storage.session.get(null), browser.tabs.query({})]);
  const open = new Set(tabs.map((t) => t.id));
  const gone = Object.keys(stored).filter((k) => {
    const m = CALL_STATE_KEY.exec(k);
    return m && !open.has(Number(m[1]));
  });
  if (gone.length) await browser.storage.session.remove(gone);
}
