import { browser } from 'wxt/browser';
import type { CallInfo } from '../../components/session/api';
import { READS_PEOPLE, platformById } from '../../calls/platforms';
import { onCallStateChanged, readCallState } from '../common/call-state';

/**
 * The call in the panel's own window: the active tab's detected state,
 * followed as tabs change and as the content script reports. A panel opened
 * in its own tab or window (`sidepanel.html?tab=N`) follows that call tab.
 */
export function watchCall(cb: (call: CallInfo | null) => void, fixedTabId?: number): () => void {
  let tabId: number | undefined;
  const refresh = async () => {
    const [tab] =
      fixedTabId === undefined ? await browser.tabs.query({ active: true, currentWindow: true }) : [{ id: fixedTabId }];
    tabId = tab?.id;
    cb(tabId === undefined ? null : toInfo(await readCallState(tabId)));
  };
  const onActivated = () => void refresh();
  browser.tabs.onActivated.addListener(onActivated);
  const off = onCallStateChanged((changed, state) => {
    if (changed === tabId) cb(toInfo(state));
  });
  void refresh();
  return () => {
    browser.tabs.onActivated.removeListener(onActivated);
    off();
  };
}

function toInfo(s: Awaited<ReturnType<typeof readCallState>>): CallInfo | null {
  if (!s) return null;
  return {
    platform: s.platform,
    platformLabel: platformById(s.platform)?.label ?? s.platform,
    state: s.inCall ? 'in-call' : 'not-in-call',
    presenting: s.presenting,
    healthy: s.healthy,
    participants: s.participants,
    readsPeople: READS_PEOPLE.has(s.platform),
    missing: s.missing ?? [],
    meetingId: s.meetingId,
  };
}
