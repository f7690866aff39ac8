/**
 * A fixture page in linkedom with its own script run, so the unit tests
 * drive the page through the same window.fixture API the e2e tests use.
 * linkedom has no media, canvas or CSS, so three small fakes stand in, each
 * behaving like the browser for what the adapters read:
 * - canvas.captureStream() gives a stream whose video track is 'live' until stopped;
 * - checkVisibility() applies the page's own `display` rules (source order,
 *   !important wins) and the UA rule for [hidden];
 * - timers the page starts to draw frames are not run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { DEMO_DIR } from '../../support/paths';

export interface FixtureApi {
  ready: boolean;
  presenting: boolean;
  ended: boolean;
  join(name?: string): string;
  leave(nameOrId?: string): void;
  startPresenting(): void;
  stopPresenting(): void;
  endCall(): void;
  enterCall?(): void;
  participants(): string[];
}

export interface LoadedPage {
  document: Document;
  url: URL;
  fixture: FixtureApi;
}

class FakeTrack {
  kind = 'video';
  readyState: 'live' | 'ended' = 'live';
  stop() {
    this.readyState = 'ended';
  }
}

class FakeStream {
  private tracks = [new FakeTrack()];
  getTracks() {
    return this.tracks;
  }
  getVideoTracks() {
    return this.tracks;
  }
}

interface DisplayRule {
  selector: string;
  display: string;
  important: boolean;
}

function displayRules(document: Document): DisplayRule[] {
  const rules: DisplayRule[] = [];
  for (const style of document.querySelectorAll('style')) {
    const css = (style.textContent ?? '').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const [, selector, body] of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
      const m = /(?:^|;)\s*display\s*:\s*([a-z-]+)\s*(!important)?/i.exec(body!);
      if (m) rules.push({ selector: selector!.trim(), display: m[1]!, important: !!m[2] });
    }
  }
  return rules;
}

function installCheckVisibility(window: Window & typeof globalThis, document: Document) {
  const rules = displayRules(document);
  const display = (el: Element) => {
    let best: DisplayRule | undefined;
    for (const r of rules) {
      let hit = false;
      try {
        hit = el.matches(r.selector);
      } catch {
        // A selector linkedom does not know (pseudo-elements): not display-relevant here.
      }
      if (hit && (!best?.important || r.important)) best = r;
    }
    return best?.display ?? (el.hasAttribute('hidden') ? 'none' : 'initial');
  };
  const proto = (window as unknown as { Element: typeof Element }).Element.prototype;
  const visible = (el: Element | null): boolean => !el || (display(el) !== 'none' && visible(el.parentElement));
  proto.checkVisibility = function (this: Element) {
    return visible(this);
  };
}

function installMedia(document: Document) {
  const proto = (tag: string) => Object.getPrototypeOf(document.createElement(tag)) as Record<string, unknown>;
  const ctx = { fillStyle: '', fillRect() {}, createLinearGradient: () => ({ addColorStop() {} }) };
  const canvas = proto('canvas');
  canvas.getContext = () => ctx;
  canvas.captureStream = () => new FakeStream();
  proto('video').play = () => Promise.resolve();
}

/** Parses `html` as the page at `url`, runs its inline scripts, and returns it with its test API. */
export function loadPage(html: string, url: string): LoadedPage {
  const { window, document } = parseHTML(html);
  installCheckVisibility(window, document);
  installMedia(document);
  const location = new URL(url);
  Object.defineProperty(document, 'URL', { value: url });
  const noTimer = () => 0;
  for (const script of document.querySelectorAll('script')) {
    if (script.getAttribute('src')) continue;
    new Function('window', 'document', 'location', 'setInterval', 'setTimeout', script.textContent!)(
      window,
      document,
      location,
      noTimer,
      noTimer,
    );
  }
  return { document, url: location, fixture: (window as unknown as { fixture: FixtureApi }).fixture };
}

export { readFixture } from '../../support/fixture-files';

/** The practice call page with its demo.js inlined (linkedom loads no files). */
export function demoHtml(): string {
  const html = readFileSync(join(DEMO_DIR, 'index.html'), 'utf8');
  const js = readFileSync(join(DEMO_DIR, 'demo.js'), 'utf8');
  return html.replace('<script src="demo.js"></script>', () => `<script>${js}</script>`);
}
