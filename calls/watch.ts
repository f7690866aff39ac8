import type { PlatformId } from './platforms';
import type { CallReport } from './report';
import { $, type Adapter } from './adapters/dom';

/** Attributes whose change can change a report; class and style churn (speaking rings) is left out. */
const ATTRS = ['aria-label', 'aria-pressed', 'hidden', 'data-call-ended', 'data-participant-id', 'data-self-name', 'data-tid'];
/** Mutations are gathered this long before the page is read again (≥ 250 ms, PLATFORMS.md). */
export const SETTLE_MS = 300;

/**
 * Reads the call page now and after every relevant change, and hands each
 * report that differs from the last one to `send`. Observes the adapter's
 * root (or body) with its subtree, plus each ancestor's direct children only,
 * so that a root that is replaced is noticed without watching the whole page.
 * Text-only changes count only inside aria-hidden icons (ligatures), so
 * clocks, captions and chat do no work. Stops when `send` returns false;
 * returns a stop function.
 */
export function watchCall(adapter: Adapter, platform: PlatformId, send: (r: CallReport) => boolean, doc: Document = document): () => void {
  let root: Node = doc;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';

  const relevant = (r: MutationRecord) =>
    r.type === 'attributes' ||
    [...r.removedNodes].some((n) => n.nodeType === 1) ||
    [...r.addedNodes].some((n) => n.nodeType === 1 || n.parentElement?.getAttribute('aria-hidden') === 'true');

  const mo = new MutationObserver((records) => {
    if (!timer && records.some(relevant)) timer = setTimeout(tick, SETTLE_MS);
  });

  function observe() {
    mo.disconnect();
    root = (adapter.root && $(doc, adapter.root)) || doc.body || doc.documentElement;
    mo.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ATTRS });
    for (let n = root.parentNode; n; n = n.parentNode) mo.observe(n, { childList: true });
  }

  function tick() {
    timer = undefined;
    // The root was replaced, or a narrower one has appeared since we fell back to body.
    if (!root.isConnected || (adapter.root && root === doc.body && $(doc, adapter.root))) observe();
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
    mo.disconnect();
    clearTimeout(timer);
  }

  observe();
  tick();
  return stop;
}
