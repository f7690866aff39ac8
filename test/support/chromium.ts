/**
 * Debian's Chromium with the built extension loaded, through Playwright.
 *
 *   const b = await launchChromium();
 *   const panel = await b.context.newPage();
 *   await panel.goto(b.extUrl('sidepanel.html'));
 *   await b.close();
 *
 * Pass `profileDir` to keep the profile after close(): a second launch on the
 * same dir is a browser restart, and the dir can then be scanned for plaintext.
 */
import { rmSync } from 'node:fs';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { CHROME_BUILD, makeTempDir, requireBinary, requireBuild } from './paths';

export interface LaunchChromiumOptions {
  /** Reused as is and never deleted; without it a temporary profile is made and deleted on close(). */
  profileDir?: string;
  /** Default true; SQUIRCLE_HEADED=1 turns it off (needs a display, e.g. xvfb-run). */
  headless?: boolean;
  /** Extra command-line switches. */
  args?: string[];
  /** Environment for the browser on top of this process's (LANGUAGE sets Chromium's UI language on Linux). */
  env?: Record<string, string>;
  /** How long to wait for the extension's service worker (default 30 s). */
  timeoutMs?: number;
}

export interface ChromiumSession {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  /** `chrome-extension://<id>/<path>` */
  extUrl(path: string): string;
  close(): Promise<void>;
  profileDir: string;
}

/** Switches for every Chromium a test or the bench starts: nothing that reaches the network or waits for a desktop. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // No desktop keyring on CI: keep Chromium from waiting for one.
  '--password-store=basic',
];

/** Debian's Chromium, or SQUIRCLE_CHROMIUM; says how to install it when it is missing. */
export function chromiumPath(): string {
  return requireBinary(process.env.SQUIRCLE_CHROMIUM ?? '/usr/bin/chromium', 'chromium', 'SQUIRCLE_CHROMIUM');
}

export async function launchChromium(opts: LaunchChromiumOptions = {}): Promise<ChromiumSession> {
  const ext = requireBuild(CHROME_BUILD);
  const executablePath = chromiumPath();
  const ownsProfile = !opts.profileDir;
  const profileDir = opts.profileDir ?? makeTempDir('squircle-chromium-');
  const headless = opts.headless ?? process.env.SQUIRCLE_HEADED !== '1';

  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless,
    args: [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`, ...CHROMIUM_ARGS, ...(opts.args ?? [])],
    ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}),
  });

  let serviceWorker: Worker;
  try {
    serviceWorker = await waitForExtensionWorker(context, opts.timeoutMs ?? 30_000);
  } catch (err) {
    await context.close().catch(() => {});
    if (ownsProfile) rmSync(profileDir, { recursive: true, force: true });
    throw err;
  }
  const extensionId = new URL(serviceWorker.url()).host;

  return {
    context,
    extensionId,
    serviceWorker,
    profileDir,
    extUrl: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    async close() {
      await context.close();
      if (ownsProfile) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * The listener is attached before the existing workers are read, so a worker
 * that starts between the two is not missed.
 */
async function waitForExtensionWorker(context: BrowserContext, timeoutMs: number): Promise<Worker> {
  const isExt = (w: Worker) => w.url().startsWith('chrome-extension://');
  const next = context.waitForEvent('serviceworker', { predicate: isExt, timeout: timeoutMs });
  const existing = context.serviceWorkers().find(isExt);
  if (existing) {
    next.catch(() => {});
    return existing;
  }
  try {
    return await next;
  } catch {
    throw new Error(
      `The extension's service worker did not start within ${timeoutMs} ms. ` +
        'Check that .output/chrome-mv3 is a complete build (`npm run build`) ' +
        'and that background.js does not throw on load.',
    );
  }
}

/** Collects console errors and uncaught exceptions of a page, for "opens without errors" checks. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return errors;
}

/**
 * Starts watching where the extension's content script runs in `page`; the
 * returned function lists the URLs of the frames that have it now. Reads the
 * isolated worlds Chromium creates for the extension over CDP, so it proves
 * injection without the content script having to do anything visible.
 * Frames of another site run in their own process and are not seen here.
 */
export async function watchContentScripts(session: ChromiumSession, page: Page): Promise<() => Promise<string[]>> {
  const cdp = await session.context.newCDPSession(page);
  const origin = `chrome-extension://${session.extensionId}`;
  const worlds = new Map<number, string>(); // execution context id → frame id
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    const aux = context.auxData as { type?: string; frameId?: string } | undefined;
    if (context.origin === origin && aux?.type === 'isolated' && aux.frameId) worlds.set(context.id, aux.frameId);
  });
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => worlds.delete(executionContextId));
  cdp.on('Runtime.executionContextsCleared', () => worlds.clear());
  await cdp.send('Runtime.enable');
  return async () => {
    type Tree = { frame: { id: string; url: string; urlFragment?: string }; childFrames?: Tree[] };
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: Tree };
    const urls = new Map<string, string>();
    const walk = (t: Tree) => {
      urls.set(t.frame.id, t.frame.url + (t.frame.urlFragment ?? ''));
      t.childFrames?.forEach(walk);
    };
    walk(frameTree);
    const ids = new Set(worlds.values());
    return [...ids]
      .map((id) => urls.get(id))
      .filter((u): u is string => Boolean(u))
      .sort();
  };
}
