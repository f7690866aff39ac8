/**
 * A probe installed in an extension page (the side panel) through
 * page.evaluate: a MutationObserver that notes, for every marker row that
 * appears in `ul.markers`, the time it was first inserted into the DOM, on
 * the machine clock (`performance.timeOrigin + performance.now()`), so times
 * taken in two browsers and in Node compare. It also clicks the panel's Mark
 * button the way a click does (`HTMLElement.click()` dispatches a click
 * event to the button, and Preact's onClick runs the panel's own path).
 *
 * Everything here runs inside the page: the functions must not close over
 * anything of this module.
 */
import type { Page } from 'playwright-core';

export interface Probe {
  /** Marker ids in the order their rows first appeared, with when. */
  order: string[];
  seen: Map<string, number>;
  now(): number;
  /** Resolves with the id of the `n`-th row seen (1-based) once there is one. */
  nth(n: number, timeoutMs: number): Promise<{ id: string; at: number }>;
  /** When the row of marker `id` was first listed; null if it is not listed within timeoutMs. */
  waitFor(id: string, timeoutMs: number): Promise<number | null>;
  /** Clicks Mark; returns the machine time just before the click. */
  clickMark(): number;
  /** Forget what was seen (a new session starts), and stop listAll; rows already in the list count as seen. */
  reset(): void;
  /**
   * From now on, click "Show all markers" whenever the list offers it (past
   * its latest 100), as a leader would, so every marker gets a row.
   */
  listAll(): void;
}

declare global {
  interface Window {
    __squircleProbe?: Probe;
  }
}

/** Installs the probe once per page load; rows already in the list count as seen, at install time. */
export async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    if (window.__squircleProbe) return;
    const now = () => performance.timeOrigin + performance.now();
    const ROW = 'ul.markers > li[data-marker-id]';
    const order: string[] = [];
    const seen = new Map<string, number>();
    let waiters: (() => void)[] = [];
    const note = (el: Element, at: number) => {
      const id = (el as HTMLElement).dataset.markerId;
      if (!id || seen.has(id)) return;
      seen.set(id, at);
      order.push(id);
    };
    const scan = (root: ParentNode, at: number) => root.querySelectorAll(ROW).forEach((el) => note(el, at));
    scan(document, now());
    let listAll = false;
    new MutationObserver((records) => {
      const at = now();
      if (listAll) document.querySelector<HTMLButtonElement>('button.show-all[aria-pressed="false"]')?.click();
      const before = order.length;
      for (const r of records)
        for (const n of r.addedNodes) {
          if (n.nodeType !== 1) continue;
          const el = n as Element;
          if (el.matches(ROW)) note(el, at);
          else if (el.firstElementChild) scan(el, at);
        }
      if (order.length !== before) {
        const w = waiters;
        waiters = [];
        w.forEach((f) => f());
      }
    }).observe(document.body, { childList: true, subtree: true });
    const markButton = () =>
      [...document.querySelectorAll<HTMLButtonElement>('button.big')].find((b) => b.textContent?.trim() === 'Mark');
    window.__squircleProbe = {
      order,
      seen,
      now,
      nth(n, timeoutMs) {
        return new Promise((resolve, reject) => {
          let over = false;
          const timer = setTimeout(() => {
            over = true;
            reject(new Error(`marker row ${n} did not appear within ${timeoutMs} ms (${order.length} seen)`));
          }, timeoutMs);
          const check = () => {
            if (over) return;
            if (order.length >= n) {
              clearTimeout(timer);
              const id = order[n - 1]!;
              resolve({ id, at: seen.get(id)! });
            } else waiters.push(check);
          };
          check();
        });
      },
      waitFor(id, timeoutMs) {
        return new Promise((resolve) => {
          let over = false;
          const timer = setTimeout(() => {
            over = true;
            resolve(null);
          }, timeoutMs);
          const check = () => {
            if (over) return;
            const at = seen.get(id);
            if (at !== undefined) {
              clearTimeout(timer);
              resolve(at);
            } else waiters.push(check);
          };
          check();
        });
      },
      clickMark() {
        const b = markButton();
        if (!b) throw new Error('no Mark button in the panel');
        const t = now();
        b.click();
        return t;
      },
      reset() {
        listAll = false;
        order.length = 0;
        seen.clear();
        scan(document, now());
      },
      listAll() {
        listAll = true;
      },
    };
  });
}

/** How many rows the probe has seen since install or reset. */
export const seenCount = (page: Page) => page.evaluate(() => window.__squircleProbe!.order.length);

/**
 * The page's machine clock minus Node's, estimated from the page round trip
 * with the smallest duration (the page's reading is taken to be at its
 * middle). Returns the offset and that round trip, in ms.
 */
export async function clockOffset(page: Page, rounds = 30): Promise<{ offsetMs: number; rttMs: number }> {
  let best = { offsetMs: 0, rttMs: Infinity };
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.timeOrigin + performance.now();
    const inPage = await page.evaluate(() => performance.timeOrigin + performance.now());
    const t1 = performance.timeOrigin + performance.now();
    if (t1 - t0 < best.rttMs) best = { offsetMs: inPage - (t0 + t1) / 2, rttMs: t1 - t0 };
  }
  return best;
}
