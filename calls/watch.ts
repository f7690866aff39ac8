import type { PlatformId } from './platforms';
import type { CallReport } from './report';
import { $, type Adapter, forget, forgetTree, useMemo } from './adapters/dom';

/** Attributes whose change can change a report; class and style churn (speaking rings) is left out. */
const ATTRS = [
  'aria-label',
  'aria-pressed',
  'hidden',
  'data-call-ended',
  'data-participant-id',
  'data-self-name',
  'data-tid',
  'data-unresolved-meeting-id',
];
// The attribute options also go on each region's registration, not only the
// root's: the unit tests' DOM (linkedom) reports attributes only through
// childList registrations. In a browser an attribute change inside a region
// then calls back twice (once per observer); attribute changes are rare.
const ATTRIBUTES: MutationObserverInit = { subtree: true, attributes: true, attributeFilter: ATTRS };
/** Mutations are gathered this long before the page is read again (≥ 250 ms, docs/PLATFORMS.md). */
export const SETTLE_MS = 300;

/**
 * Reads the call page now and after every relevant change, and hands each
 * report that differs from the last one to `send`. Stops when `send` returns
 * false; returns a stop function.
 *
 * What is observed, so that the page's own churn costs nothing:
 * - the report's attributes (ATTRS) anywhere under the adapter's root (or
 *   body), never class or style;
 * - added and removed nodes: under the whole root, or, for an adapter with
 *   `regions`/`items` once its root is found, only inside those (see
 *   Adapter), so a clock, captions or chat beside them never wake the script;
 * - the direct children of every ancestor of what is watched, up to the
 *   document, so that a root or region that is replaced, or a new branch
 *   beside one, is noticed: the watch is then set up again on the new nodes.
 * Outside narrow regions, text-only changes count only inside aria-hidden
 * icons (ligatures).
 */
export function watchCall(
  adapter: Adapter,
  platform: PlatformId,
  send: (r: CallReport) => boolean,
  doc: Document = document,
): () => void {
  let root: Node = doc;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  /** Watched only for their direct children: the structure above the watched subtrees. */
  let above = new Set<Node>();
  let narrow = false;
  /** Something above the watched subtrees changed: find the root and regions again. */
  let moved = false;

  const isElement = (n: Node) => n.nodeType === 1;

  function relevant(r: MutationRecord): boolean {
    if (r.type === 'attributes') return true;
    const structural = above.has(r.target);
    // Inside a narrow region everything counts, text too (a name, an icon's ligature).
    if (narrow && !structural) return true;
    for (let i = 0; i < r.removedNodes.length; i++) if (isElement(r.removedNodes[i]!)) return true;
    for (let i = 0; i < r.addedNodes.length; i++) {
      const n = r.addedNodes[i]!;
      if (isElement(n) || (!structural && n.parentElement?.getAttribute('aria-hidden') === 'true')) return true;
    }
    return false;
  }

  const onRecords = (records: MutationRecord[]) => {
    for (const r of records) {
      if (narrow) {
        // What the adapter remembered about the changed elements (see remembered in dom.ts) is void.
        forget(r.target);
        for (let i = 0; i < r.addedNodes.length; i++) forgetTree(r.addedNodes[i]!);
      } else if (moved && timer) return;
      if (!relevant(r)) continue;
      if (r.type === 'childList' && above.has(r.target)) moved = true;
      timer ??= setTimeout(tick, SETTLE_MS);
    }
  };
  const tree = new MutationObserver(onRecords);
  const attrs = new MutationObserver(onRecords);

  function observe() {
    tree.disconnect();
    attrs.disconnect();
    above = new Set();
    moved = false;
    const found = adapter.root ? $(doc, adapter.root) : null;
    root = found ?? doc.body ?? doc.documentElement;
    narrow = !!found && !!(adapter.regions || adapter.items);
    // Remembering is safe only where every change in a region is seen, text edits included.
    useMemo(narrow);
    // Broad, the root's own registration below reports attributes as well.
    if (narrow) attrs.observe(root, ATTRIBUTES);
    const regions = new Set<Node>([root]);
    if (found && narrow) {
      regions.clear();
      if (adapter.regions) for (const el of found.querySelectorAll(adapter.regions)) regions.add(el);
      if (adapter.items) for (const el of found.querySelectorAll(adapter.items)) regions.add(el.parentNode ?? el);
    }
    for (const r of regions) {
      let covered = false;
      for (let n = r.parentNode; n && !covered; n = n.parentNode) covered = regions.has(n);
      if (covered) continue;
      tree.observe(r, { ...ATTRIBUTES, childList: true, characterData: narrow });
      for (let n = r.parentNode; n && !above.has(n); n = n.parentNode) above.add(n);
    }
    // The root's own children and ancestors, even when no region was found under it.
    if (!regions.has(root)) for (let n: Node | null = root; n && !above.has(n); n = n.parentNode) above.add(n);
    for (const n of above) tree.observe(n, { childList: true });
  }

  /**
   * The root was replaced or lost its mark, a narrower one has appeared since
   * we fell back to body, or the structure moved.
   */
  const stale = () =>
    moved ||
    !root.isConnected ||
    (!!adapter.root &&
      (root === doc.body ? !!$(doc, adapter.root) : narrow && !(root as Element).matches(adapter.root)));

  function tick() {
    timer = undefined;
    if (stale()) observe();
    if (adapter.frame && $(doc, adapter.frame)) return;
    let r: CallReport;
    try {
      r = adapter.read(doc, new URL(doc.URL));
    } catch {
      r = { platform, healthy: false, inCall: false, presenting: false, participants: [], meetingId: '' };
    }
    const s = JSON.stringify(r);
    if (s !== last) {
      last = s;
      if (!send(r)) stop();
    }
  }

  function stop() {
    tree.disconnect();
    attrs.disconnect();
    clearTimeout(timer);
    useMemo(false);
  }

  observe();
  tick();
  return stop;
}
