import type { PlatformId } from '../platforms';
import { MAX_MEETING_ID, MAX_NAME, MAX_PARTICIPANTS, type CallReport, type Missing } from '../report';
import { WORDS, endsWith, startsWith } from './words';

/**
 * Reads one platform's call page. `read` never throws on odd markup and never
 * writes to the page. `root` is the smallest stable container worth
 * observing (the content script falls back to body); `frame` is a selector
 * for a frame that holds the call, whose own content script reports instead.
 *
 * Narrow observation (calls/watch.ts), for pages whose root also holds busy
 * parts that `read` never looks at (a clock, captions, chat): once `root` is
 * found, only the subtrees of the `regions` elements and of the parents of
 * the `items` elements are watched for added and removed nodes, plus every
 * ancestor of those for its direct children (so a region that is replaced
 * or a new branch beside one is noticed), plus the report's attributes
 * anywhere under the root. Everything `read` uses must sit in one of them.
 */
export interface Adapter {
  read(doc: Document, url: URL): CallReport;
  root?: string;
  frame?: string;
  regions?: string;
  items?: string;
  /**
   * Inside `regions`: what the page shows only for a moment (join and leave
   * notifications), read even while nobody listens (calls/watch.ts), since it
   * cannot be read later.
   */
  transient?: string;
  /**
   * The cheap path (calls/watch.ts), for adapters whose people are `items`
   * elements: `read(doc, url)` is `people(page(doc, url), doc, $$(doc, items))`.
   * The watcher keeps the last `page` reading and the set of items from the
   * mutation records, and calls only `people` while nothing but items and
   * `transient` regions changed: so `people` reads the notifications, `page`
   * never reads items or notifications.
   */
  page?(doc: Document, url: URL): Page;
  people?(page: Page, doc: Document, items: Iterable<Element>): CallReport;
}

/** What a page says besides its people: read from the whole page, so the costly part. */
export interface Page {
  anchored: boolean;
  inCall: boolean;
  presenting: boolean;
  meetingId: string;
  /** The local user's name and tile id, where the page tells them. */
  self: string;
  selfId: string | null;
}

let memo: WeakMap<Node, unknown> | undefined;

/**
 * Turns the per-element memo on (a fresh one) or off. Only calls/watch.ts
 * turns it on, where it sees every change inside the elements remembered
 * and calls `forget`; without a watcher every read computes anew.
 */
export function useMemo(on: boolean): void {
  memo = on ? new WeakMap() : undefined;
}

/** `compute(el)`, remembered for `el` until `forget` is called on it or on something inside it. */
export function remembered<T>(el: Element, compute: (el: Element) => T): T {
  const kept = memo?.get(el) as [(el: Element) => T, T] | undefined;
  if (kept && kept[0] === compute) return kept[1];
  const v = compute(el);
  memo?.set(el, [compute, v]);
  return v;
}

/** A change at `node`: what was remembered for it and its ancestors no longer holds. */
export function forget(node: Node | null): void {
  if (memo) for (let n = node; n; n = n.parentNode) memo.delete(n);
}

/** A subtree (re)inserted: nothing in it may be trusted, it may have changed while detached. */
export function forgetTree(node: Node): void {
  if (!memo) return;
  forget(node);
  if (node.nodeType === 1 && (node as Element).firstElementChild)
    for (const d of (node as Element).querySelectorAll('*')) memo.delete(d);
}

export const $ = (r: ParentNode, s: string) => r.querySelector(s);
export const $$ = (r: ParentNode, s: string) => [...r.querySelectorAll(s)];

/** Text as a person reads it: whitespace and control characters collapsed. */
export const clean = (s: string | null | undefined) => (s ?? '').replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();

/** Rendered (not display:none, here or above). Where the browser cannot tell, assume so. */
export const shown = (el: Element) => !el.checkVisibility || el.checkVisibility();

/** An element's accessible name, as far as a content script cheaply knows it. */
export const label = (el: Element) => clean(el.getAttribute('aria-label') ?? el.textContent);

/** The first text a sighted user reads in a tile: a leaf that is not an icon. */
export function leafText(el: Element): string {
  for (const e of $$(el, '*')) {
    const t = e.children.length || e.closest('[aria-hidden="true"]') ? '' : clean(e.textContent);
    if (t) return t;
  }
  return '';
}

/** A <video> that plays a live MediaStream track (getUserMedia or WebRTC). */
export const liveVideo = (doc: Document) =>
  $$(doc, 'video').some((v) =>
    ((v as HTMLVideoElement).srcObject as MediaStream | null)?.getVideoTracks?.().some((t) => t.readyState === 'live'),
  );

const BUTTONS = 'button,[role="button"]';

/** A leave / hang-up control, found by role and accessible name. */
export const leaveButton = (r: ParentNode) => $$(r, BUTTONS).find((b) => startsWith(label(b), WORDS.leave));

/**
 * The local user shares their screen: a shown control named "Stop sharing"
 * (or the like), or a share toggle that is pressed.
 */
export const sharing = (r: ParentNode) =>
  $$(r, BUTTONS).some((b) => {
    const { stop, pressed } = remembered(b, shareButton);
    // Visibility follows classes and styles, which are not watched: never remembered.
    return pressed || (stop && shown(b));
  });

function shareButton(b: Element): { stop: boolean; pressed: boolean } {
  const l = label(b);
  return {
    stop: startsWith(l, WORDS.stopShare),
    pressed: b.getAttribute('aria-pressed') === 'true' && startsWith(l, WORDS.share),
  };
}

/** Drops names that mark the local user ("Ana (You)") and the local user's own name. */
export const others = (names: Iterable<string>, self = '') =>
  [...names].filter((n) => n && n !== self && !endsWith(n, WORDS.me));

/**
 * A report within the limits validateCallReport enforces. Sorted, so a page
 * that reorders its tiles (Meet does, by speaker) sends nothing new.
 * `healthy` false means the page should hold a call we cannot read: the
 * report then keeps only what any call page shows (live video, the URL).
 * `people` says whether the adapter found where the page lists people
 * (undefined for adapters that never read people); not found in a call is
 * reported as missing.
 */
export function report(
  platform: PlatformId,
  doc: Document,
  anchored: boolean,
  inCall: boolean,
  presenting: boolean,
  names: Iterable<string>,
  meetingId: string,
  people?: boolean,
): CallReport {
  // Live video only matters where nothing anchors the reading, and costs a track list per video.
  const healthy = anchored || !liveVideo(doc);
  const missing: Missing[] = !healthy
    ? ['call-controls', 'people-list']
    : inCall && people === false
      ? ['people-list']
      : [];
  return {
    platform,
    healthy,
    inCall: healthy ? inCall : true, // unhealthy means live video plays
    presenting,
    participants: healthy
      ? [...new Set([...names].map((n) => clean(n).slice(0, MAX_NAME).trim()).filter(Boolean))]
          .sort()
          .slice(0, MAX_PARTICIPANTS)
      : [],
    meetingId: clean(meetingId).slice(0, MAX_MEETING_ID),
    missing,
  };
}
