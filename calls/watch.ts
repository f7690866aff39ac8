import type { PlatformId } from './platforms';
import type { CallReport } from './report';
import { $, $$, type Adapter, type Page, forget, forgetTree, useMemo } from './adapters/dom';

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
/**
 * The structure above what is watched: direct children and the report's
 * attributes. A control named by aria-label is read by that name alone, so it
 * is watched so too, not the text inside it (a count badge).
 */
const SHALLOW: MutationObserverInit = { childList: true, attributes: true, attributeFilter: ATTRS };
const NAMED = 'button[aria-label],[role="button"][aria-label]';
/**
 * Mutations are gathered this long before the whole page is read again, and
 * reports that only follow people go out at most once in this time.
 */
export const SETTLE_MS = 300;

/**
 * A running watch: `stop` ends it; `listen(false)` makes it quiet, `listen(true)`
 * loud again; `reread` reads the whole page again at once (the words it is
 * read with changed, calls/adapters/words.ts).
 */
export interface CallWatch {
  stop(): void;
  listen(on: boolean): void;
  reread(): void;
}

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
 *   a region that is a control named by aria-label only for its attributes
 *   and direct children, so a count badge inside it never wakes it either;
 * - the direct children of every ancestor of what is watched, up to the
 *   document, so that a root or region that is replaced, or a new branch
 *   beside one, is noticed: the watch is then set up again on the new nodes.
 * Outside narrow regions, text-only changes count only inside aria-hidden
 * icons (ligatures).
 *
 * What is read again, so that a join or a leave costs next to nothing: for an
 * adapter with `page` and `people` (see Adapter), a settled burst whose records
 * only add, remove or change `items` elements or what is inside `transient`
 * regions (join and leave notifications), and text inside a button named by
 * aria-label, outside its icons, which no reading uses, is applied to the
 * set of items kept here, and only `people` runs, on the last `page` reading,
 * at once in the observer's callback (unless a report went out less than
 * SETTLE_MS ago). Anything else, or a root or structure that moved, reads the
 * whole page once the changes have settled for SETTLE_MS.
 *
 * Quiet (`listen(false)`: nobody needs reports now, see docs/ARCHITECTURE.md):
 * only what cannot be read later is observed, the adapter's `transient`
 * regions (notifications) and the structure above them, and read after the
 * settle without sending; everything else is left alone, so the page's
 * changes do not even wake the script. `listen(true)` sets the watch up again,
 * reads the whole page at once and sends the report if it differs from the
 * last one sent.
 */
export function watchCall(
  adapter: Adapter,
  platform: PlatformId,
  send: (r: CallReport) => boolean,
  doc: Document = document,
): CallWatch {
  let root: Node = doc;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  /** Watched only for their direct children: the structure above the watched subtrees. */
  let above = new Set<Node>();
  /** Every node watched for its structure so far (see observe). */
  let held = new Set<Node>();
  let narrow = false;
  /** Something above the watched subtrees changed: find the root and regions again. */
  let moved = false;
  const { page: readPage, people, items: itemSel, transient } = adapter;
  const cheap = !!(readPage && people && itemSel);
  /** The last whole-page reading and the items under the root since (cheap path only). */
  let page: Page | undefined;
  let items = new Set<Element>();
  /** The next read must be of the whole page: something besides items changed. */
  let whole = true;
  /** When the last report went out (Date.now()). */
  let sentAt = -Infinity;
  /** Nobody listens: watch only what would be lost, send nothing. */
  let quiet = false;
  let stopped = false;

  const isElement = (n: Node): n is Element => n.nodeType === 1;

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

  /**
   * Applies a record to the kept items; false when it may change something
   * else, so that only a whole read can tell.
   */
  function onlyItems(r: MutationRecord): boolean {
    let at = isElement(r.target) ? r.target : r.target.parentElement;
    if (!at || above.has(r.target)) return false;
    // Where added text went (the record's target is not always its parent in every DOM).
    for (const n of r.addedNodes) if (!isElement(n)) at = n.parentElement ?? at;
    // Inside a person, or a notification come or gone: `people` reads it again.
    if (at.closest(itemSel!) || (transient && at.closest(transient))) return true;
    if (r.type === 'attributes') return false;
    let text = true;
    for (const n of r.addedNodes) {
      if (!isElement(n)) continue;
      if (!n.matches(itemSel!)) return false;
      items.add(n);
      text = false;
    }
    for (const n of r.removedNodes) {
      if (!isElement(n)) continue;
      if (!items.delete(n)) return false;
      text = false;
    }
    // Text inside a button named by aria-label (a count badge): its name, and so every reading, stays.
    return !text || (!at.closest('[aria-hidden="true"]') && !!at.closest(NAMED));
  }

  const onRecords = (records: MutationRecord[]) => {
    let changed = false;
    for (const r of records) {
      if (narrow) {
        // What the adapter remembered about the changed elements (see remembered in dom.ts) is void.
        forget(r.target);
        for (let i = 0; i < r.addedNodes.length; i++) forgetTree(r.addedNodes[i]!);
      } else if (moved && timer) return;
      // Quiet, a notification that goes away tells nothing new.
      if (!relevant(r) || (quiet && !r.addedNodes.length)) continue;
      changed = true;
      if (r.type === 'childList' && above.has(r.target)) moved = true;
      if (!whole && !(narrow && cheap && onlyItems(r))) whole = true;
    }
    if (!changed || timer) return;
    // Only people changed: report at once, at most one report per SETTLE_MS.
    const wait = whole ? SETTLE_MS : sentAt + SETTLE_MS - Date.now();
    if (wait > 0) timer = setTimeout(tick, wait);
    else tick();
  };
  // Each observer's callback takes the other's records of the same change too: a change of people must
  // never be read on the cheap path before the structure that moved with it.
  const tree = new MutationObserver((r) => onRecords([...r, ...attrs.takeRecords()]));
  const attrs = new MutationObserver((r) => onRecords([...r, ...tree.takeRecords()]));

  function observe() {
    tree.disconnect();
    attrs.disconnect();
    above = new Set();
    moved = false;
    const found = adapter.root ? $(doc, adapter.root) : null;
    root = found ?? doc.body ?? doc.documentElement;
    narrow = !!found && !!(adapter.regions || adapter.items);
    // Remembering is safe only where every change in a region is seen, text edits included (never while quiet).
    useMemo(narrow && !quiet);
    const regions = new Set<Node>(quiet ? [] : [root]);
    if (quiet) {
      // Nobody listens: only what the page shows for a moment, and the structure above it, is watched.
      if (adapter.transient) for (const el of (root as ParentNode).querySelectorAll(adapter.transient)) regions.add(el);
    } else if (found && narrow) {
      // Broad, the root's own registration below reports attributes as well.
      attrs.observe(root, ATTRIBUTES);
      regions.clear();
      if (adapter.regions) for (const el of found.querySelectorAll(adapter.regions)) regions.add(el);
      if (adapter.items) for (const el of found.querySelectorAll(adapter.items)) regions.add(el.parentNode ?? el);
    }
    // Watched with their whole subtree; a control named by aria-label (NAMED) only as the structure is.
    const deep = new Set<Node>();
    for (const r of regions) if (!narrow || !isElement(r) || !r.matches(NAMED)) deep.add(r);
    for (const r of regions) {
      let covered = false;
      for (let n = r.parentNode; n && !covered; n = n.parentNode) covered = deep.has(n);
      if (covered) continue;
      if (deep.has(r)) tree.observe(r, { ...ATTRIBUTES, childList: true, characterData: narrow });
      else above.add(r);
      for (let n = r.parentNode; n && !above.has(n); n = n.parentNode) above.add(n);
    }
    // The root's own children and ancestors, even when no region was found under it.
    if (!quiet && !deep.has(root)) for (let n: Node | null = root; n && !above.has(n); n = n.parentNode) above.add(n);
    // What held a region before and is still on the page (the slot a closed People panel leaves): the
    // region coming back there is a change of structure, which a whole read follows.
    if (!quiet)
      for (const n of held) {
        let covered = !n.isConnected || !root.contains(n);
        for (let p = n.parentNode; p && !covered; p = p.parentNode) covered = deep.has(p);
        if (!covered && !deep.has(n)) above.add(n);
      }
    held = new Set(above);
    for (const n of above) tree.observe(n, SHALLOW);
  }

  /**
   * The root was replaced or lost its mark, a narrower one has appeared since
   * we fell back to body, or the structure moved.
   */
  const stale = () =>
    moved ||
    !root.isConnected ||
    (!!adapter.root &&
      (root === doc.body && !narrow ? !!$(doc, adapter.root) : narrow && !(root as Element).matches(adapter.root)));

  function tick() {
    timer = undefined;
    if (stale()) {
      observe();
      whole = true;
    }
    if (adapter.frame && $(doc, adapter.frame)) return;
    let r: CallReport;
    try {
      if (!cheap) r = adapter.read(doc, new URL(doc.URL));
      else {
        if (whole || !page) {
          page = readPage!(doc, new URL(doc.URL));
          items = new Set($$(doc, itemSel!));
        }
        r = people!(page, doc, items);
      }
      whole = quiet;
    } catch {
      whole = true;
      r = {
        platform,
        healthy: false,
        inCall: false,
        presenting: false,
        participants: [],
        meetingId: '',
        missing: ['call-controls', 'people-list'],
      };
    }
    const s = JSON.stringify(r);
    if (s !== last && !quiet) {
      last = s;
      sentAt = Date.now();
      if (!send(r)) stop();
    }
  }

  function stop() {
    stopped = true;
    tree.disconnect();
    attrs.disconnect();
    clearTimeout(timer);
    useMemo(false);
  }

  function listen(on: boolean) {
    if (stopped || on !== quiet) return;
    quiet = !on;
    whole = true;
    observe();
    if (on) {
      clearTimeout(timer);
      tick();
    }
  }

  function reread() {
    if (stopped) return;
    whole = true;
    // Set up anew: a fresh memo, since what was remembered was read with the old words.
    observe();
    clearTimeout(timer);
    tick();
  }

  observe();
  tick();
  return { stop, listen, reread };
}
