import { browser } from 'wxt/browser';
import { CALL_STATE_KEY, callStateKey, type CallState } from '../common/call-state';
import { isPracticePage, platformById, platformForUrl } from '../../calls/platforms';
import { CALL_LISTEN_PORT, CALL_PORT, type CallPortReply, validateCallReport } from '../../calls/report';
import { isCallPageSender, isExtensionPageSender, type Sender } from './senders';
import { onSessionKeyCleared, onSessionKeySet, readSessionKey } from '../common/session-key';
import { effectiveSettings } from '../common/settings-store';
import { callHosts } from '../../policy/settings';
import { tablesFor } from '../../calls/adapters/words';

/**
 * Checks one report from a content script and stores it. The report must be
 * well formed (validateCallReport), come from our own content script in a tab
 * whose frame URL is a page of the platform it claims, and from the top frame
 * unless that platform runs its call in a frame (Zoom). `hosts` are the
 * self-hosted servers in force (calls/hosted.ts). Returns what was stored,
 * or undefined when the report was refused. Never throws on bad input.
 */
export async function acceptCallState(
  data: unknown,
  sender: Sender,
  ownId: string,
  now = Date.now(),
  ownOrigin?: string,
  hosts: readonly string[] = [],
): Promise<CallState | undefined> {
  const report = validateCallReport(data);
  if (!report || !isCallPageSender(sender, ownId, report.platform, { ownOrigin, hosts })) return undefined;
  if (sender.frameId !== 0 && !platformById(report.platform)?.allFrames) return undefined;
  const state: CallState = { ...report, tabId: sender.tab!.id!, updatedAt: now };
  await browser.storage.session.set({ [callStateKey(state.tabId)]: state });
  return state;
}

export async function forgetCallState(tabId: number): Promise<void> {
  await browser.storage.session.remove(callStateKey(tabId));
}

/** The parts of a runtime.Port the background uses. */
export interface CallPortLike {
  name: string;
  sender?: Sender;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect?: { addListener(cb: () => void): void };
  postMessage?(message: CallPortReply): void;
}

/**
 * Whether anybody needs call reports now: the vault is unlocked (the
 * background records the joins and leaves of a running session, and the
 * panel shows the call only when unlocked), or an extension page keeps a
 * CALL_LISTEN_PORT open. Each call page's port hears it after connecting and
 * on every change; while nobody listens the page sends nothing (calls/watch.ts).
 */
export class CallAudience {
  private readonly pages = new Set<CallPortLike>();
  private listeners = 0;
  private unlocked = false;
  /** Pages are told only once the unlocked state is known (a page's connection may be what woke the worker). */
  private readonly known: Promise<void>;
  private ready = false;

  /** `reading`: settles once the unlocked state was read. */
  constructor(reading: Promise<unknown> = Promise.resolve()) {
    this.known = reading.catch(() => undefined).then(() => void (this.ready = true));
  }

  get listening(): boolean {
    return this.unlocked || this.listeners > 0;
  }

  setUnlocked(on: boolean): void {
    this.change(() => (this.unlocked = on));
  }

  addPage(port: CallPortLike): void {
    this.pages.add(port);
    port.onDisconnect?.addListener(() => this.pages.delete(port));
    void this.known.then(() => this.tell(port));
  }

  addListener(port: CallPortLike): void {
    this.change(() => this.listeners++);
    port.onDisconnect?.addListener(() => this.change(() => this.listeners--));
  }

  private change(apply: () => void): void {
    const before = this.listening;
    apply();
    if (this.ready && before !== this.listening) for (const p of this.pages) this.tell(p);
  }

  private tell(port: CallPortLike): void {
    if (!this.pages.has(port)) return;
    try {
      port.postMessage?.({ listen: this.listening });
    } catch {
      this.pages.delete(port); // already gone
    }
  }
}

/** Background wiring: the audience, unlocked as the vault is. */
export function startCallAudience(): CallAudience {
  const audience: CallAudience = new CallAudience(
    readSessionKey().then((key) => audience.setUnlocked(key !== undefined)),
  );
  onSessionKeySet(() => audience.setUnlocked(true));
  onSessionKeyCleared(() => audience.setUnlocked(false));
  return audience;
}

/**
 * Serves one content script's port (calls/send.ts; the practice page, at
 * `ownOrigin`practice.html, opens the same port): its hello marks the tab
 * as a call page (`markPage`) and is answered with the word tables of the
 * page's language (calls/adapters/words.ts `tablesFor`; none for English),
 * each report goes through acceptCallState. Its
 * messages are handled one after the other, so reports are stored in the
 * order they were sent. The `audience` tells it whether anybody listens, and
 * counts the listening ports of our own pages. Ports of another name are left alone.
 */
export function serveCallPort(
  port: CallPortLike,
  ownId: string,
  markPage: (tabId: number) => Promise<void>,
  ownOrigin?: string,
  audience?: CallAudience,
): void {
  if (
    port.name === CALL_LISTEN_PORT &&
    audience &&
    ownOrigin &&
    isExtensionPageSender(port.sender ?? {}, ownId, ownOrigin)
  )
    audience.addListener(port);
  if (port.name !== CALL_PORT) return;
  audience?.addPage(port);
  const sender = port.sender ?? {};
  let queue = Promise.resolve();
  port.onMessage.addListener((message) => {
    queue = queue
      .then(() => onCallMessage(message, sender, ownId, markPage, ownOrigin, (m) => port.postMessage?.(m)))
      .catch(() => undefined);
  });
}

async function onCallMessage(
  message: unknown,
  sender: Sender,
  ownId: string,
  markPage: (tabId: number) => Promise<void>,
  ownOrigin?: string,
  answer?: (m: CallPortReply) => void,
): Promise<void> {
  if (typeof message !== 'object' || message === null) return;
  const { type, data } = message as { type?: unknown; data?: unknown };
  const platform = platformById(String((data as { platform?: unknown } | null)?.platform));
  if (!platform || (type !== 'callPage' && type !== 'callState')) return;
  const settings = await effectiveSettings();
  const hosts = callHosts(settings);
  if (type === 'callPage') {
    if (!isCallPageSender(sender, ownId, platform.id, { ownOrigin, hosts })) return;
    await markPage(sender.tab!.id!);
    const words = tablesFor((data as { lang?: unknown }).lang);
    if (words.length) answer?.({ words });
  } else if (settings.allowedPlatforms.includes(platform.id)) {
    // A platform the clinic did not approve is not followed at all.
    await acceptCallState(data, sender, ownId, Date.now(), ownOrigin, hosts);
  }
}

/**
 * Background wiring: forget a tab's state when it closes or leaves its
 * platform (a tab we have no host permission for shows no URL, which counts
 * as leaving; the extension's practice page stays a call page). States of
 * tabs that closed while the worker was not running are swept at start.
 * Reports arrive through serveCallPort.
 */
export function startCallState(): () => void {
  const ownOrigin = browser.runtime.getURL('/');
  const removed = (tabId: number) => void forgetCallState(tabId);
  const updated = async (tabId: number, change: { url?: string; status?: string }, tab: { url?: string }) => {
    if (change.url === undefined && change.status !== 'loading') return;
    if (platformForUrl(tab.url) || isPracticePage(tab.url, ownOrigin)) return;
    // A self-hosted server's page stays a call page too.
    if (!platformForUrl(tab.url, callHosts(await effectiveSettings()))) await forgetCallState(tabId);
  };
  browser.tabs.onRemoved.addListener(removed);
  browser.tabs.onUpdated.addListener(updated);
  void sweep();
  return () => {
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
