// A linkedom document installed as the globals Preact renders into, with
// fake timers, for the tests of a describe block or a whole file; the
// globals come back after each test.
import { parseHTML } from 'linkedom';
import { render } from 'preact';
import { afterEach, beforeEach, vi } from 'vitest';

export interface TestDom {
  /** The element components render into. */
  root: HTMLElement;
  doc: Document;
  /** Sets a field's value and sends the input event a user's typing would. */
  type(el: HTMLTextAreaElement | HTMLInputElement, text: string): Event;
}

export function useTestDom(): TestDom {
  const dom = {} as TestDom;
  const g = globalThis as unknown as Record<string, unknown>;
  const saved: Record<string, unknown> = {};
  beforeEach(() => {
    vi.useFakeTimers();
    const { window, document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
    const globals: Record<string, unknown> = {
      window,
      document,
      Node: window.Node,
      Element: window.Element,
      HTMLElement: window.HTMLElement,
      Event: window.Event,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    };
    for (const [k, v] of Object.entries(globals)) {
      saved[k] = g[k];
      g[k] = v;
    }
    dom.doc = document as unknown as Document;
    dom.root = document.getElementById('root') as unknown as HTMLElement;
    dom.type = (el, text) => {
      el.value = text;
      const e = new (dom.doc.defaultView as unknown as typeof globalThis).Event('input');
      el.dispatchEvent(e);
      return e;
    };
  });
  afterEach(() => {
    render(null, dom.root);
    vi.useRealTimers();
    for (const [k, v] of Object.entries(saved)) g[k] = v;
  });
  return dom;
}
