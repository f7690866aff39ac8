/**
 * firefox-esr with the built extension installed, through puppeteer-core and
 * WebDriver BiDi.
 *
 *   const ff = await launchFirefox();
 *   const panel = await ff.openExtensionPage('sidepanel.html');
 *   await panel.waitForSelector('#app');
 *   await ff.close();
 *
 * How extension pages are opened, and why this way:
 * - WebDriver BiDi refuses to navigate to moz-extension:// unless "system
 *   access" is allowed, so Firefox is started with MOZ_REMOTE_ALLOW_SYSTEM_ACCESS=1
 *   (the env form of --remote-allow-system-access). Only the test browser
 *   gets it.
 * - Firefox's remote agent filters navigation and console events of extension
 *   documents (Mozilla bug 1755014), so a goto() to an extension page never
 *   resolves although the page loads. openExtensionPage() starts the
 *   navigation, ignores goto's promise and polls the document with evaluate()
 *   (which does work there) until it is the requested page and complete.
 *   After that, evaluate/$/waitForSelector/click/type work as usual; page.url()
 *   keeps saying about:blank and console messages from the page are not
 *   reported, so check errors in the page itself.
 * - The sidebar (sidebar_action) cannot be opened without a user gesture and
 *   lives outside any tab, so tests open sidepanel.html in a tab instead.
 * - The moz-extension UUID is pinned with `extensions.webextensions.uuids`, and
 *   storage is kept across the temporary add-on's uninstall at shutdown, so a
 *   relaunch on the same homeDir is a browser restart with the same data.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { interceptFixtures } from '../../support/fixtures-server';
import { FIREFOX_BUILD, GECKO_ID, makeTempDir, requireBinary, requireBuild } from '../../support/paths';

/** Fixed so that extension URLs are known before launch. */
export const FIREFOX_EXTENSION_UUID = '5b1c0a52-8a3e-4c2b-9f7e-0d6f3c1a2b4d';

export interface LaunchFirefoxOptions {
  /**
   * Holds the Firefox profile and serves as HOME; reused as is and never
   * deleted. Without it a temporary one is deleted on close().
   */
  homeDir?: string;
  /** Default true; SQUIRCLE_HEADED=1 turns it off. */
  headless?: boolean;
  /** Extra about:config prefs. */
  prefs?: Record<string, unknown>;
}

export interface FirefoxSession {
  browser: Browser;
  /** The gecko id, squircle@squircle.example. */
  extensionId: string;
  uuid: string;
  /** `moz-extension://<uuid>/<path>` */
  extUrl(path: string): string;
  /** Opens an extension page (e.g. 'sidepanel.html', 'options.html') in a new tab and waits until it has loaded. */
  openExtensionPage(path: string, opts?: { timeoutMs?: number }): Promise<Page>;
  /** A new tab whose platform hosts are answered from test/fixtures (see fixtures-server.ts). */
  newFixturePage(): Promise<Page>;
  /**
   * Errors and warnings Firefox logged for this extension's documents since
   * launch (uncaught exceptions, failed loads, CSP), read from the browser
   * console. console.error() calls made by the page are not included: they
   * stay in the extension process.
   */
  extensionErrors(): Promise<ExtensionConsoleEntry[]>;
  close(): Promise<void>;
  homeDir: string;
  profileDir: string;
}

export interface ExtensionConsoleEntry {
  level: 'error' | 'warning';
  source: string;
  message: string;
}

export function firefoxPath(): string {
  return requireBinary(process.env.SQUIRCLE_FIREFOX ?? '/usr/bin/firefox-esr', 'firefox-esr', 'SQUIRCLE_FIREFOX');
}

export async function launchFirefox(opts: LaunchFirefoxOptions = {}): Promise<FirefoxSession> {
  const ext = requireBuild(FIREFOX_BUILD);
  const executablePath = firefoxPath();
  const ownsHome = !opts.homeDir;
  const homeDir = opts.homeDir ?? makeTempDir('squircle-firefox-');
  const profileDir = join(homeDir, 'profile');
  mkdirSync(profileDir, { recursive: true });
  const uuid = FIREFOX_EXTENSION_UUID;

  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    protocol: 'webDriverBiDi',
    headless: opts.headless ?? process.env.SQUIRCLE_HEADED !== '1',
    userDataDir: profileDir,
    env: { ...process.env, HOME: homeDir, MOZ_REMOTE_ALLOW_SYSTEM_ACCESS: '1' },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      // The add-on is installed as a temporary add-on each launch; keep its
      // data and UUID when Firefox removes it at shutdown.
      'extensions.webextensions.keepStorageOnUninstall': true,
      'extensions.webextensions.keepUuidOnUninstall': true,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      ...opts.prefs,
    },
  });

  let extensionId: string;
  try {
    extensionId = await browser.installExtension(ext);
  } catch (err) {
    await browser.close().catch(() => {});
    if (ownsHome) rmSync(homeDir, { recursive: true, force: true });
    throw new Error(`firefox-esr refused to install ${ext}: ${(err as Error).message}`);
  }

  const extUrl = (path: string) => `moz-extension://${uuid}/${path.replace(/^\//, '')}`;

  return {
    browser,
    extensionId,
    uuid,
    extUrl,
    homeDir,
    profileDir,
    async openExtensionPage(path, { timeoutMs = 15_000 } = {}) {
      const page = await browser.newPage();
      const url = extUrl(path);
      // Never resolves for extension documents (see above); the page still loads.
      page.goto(url, { timeout: 0 }).catch(() => {});
      await waitForDocument(page, url, timeoutMs);
      return page;
    },
    async newFixturePage() {
      const page = await browser.newPage();
      await interceptFixtures(page);
      return page;
    },
    extensionErrors: () => readExtensionConsole(browser, extUrl('')),
    async close() {
      await browser.close();
      if (ownsHome) rmSync(homeDir, { recursive: true, force: true });
    },
  };
}

async function waitForDocument(page: Page, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      last = await page.evaluate(() => `${location.href} ${document.readyState}`);
      if (last === `${url} complete`) return;
    } catch {
      // The realm is replaced while the navigation commits; try again.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not load in Firefox within ${timeoutMs} ms (last seen: ${last || 'nothing'})`);
}

interface BidiSend {
  send(method: string, params: object): Promise<{ result: Record<string, unknown> }>;
}

/**
 * Reads the parent process's console service in the browser window's chrome
 * context, which system access (above) allows. Puppeteer has no public API
 * for raw BiDi commands, hence the one cast.
 */
async function readExtensionConsole(browser: Browser, prefix: string): Promise<ExtensionConsoleEntry[]> {
  const conn = (browser as unknown as { connection: BidiSend }).connection;
  const tree = await conn.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const contexts = tree.result.contexts as { context: string }[];
  if (!contexts[0]) throw new Error('No chrome browsing context to read the console from');
  const expression = `JSON.stringify(Services.console.getMessageArray()
    .filter((m) => m instanceof Ci.nsIScriptError && String(m.sourceName).startsWith(${JSON.stringify(prefix)}))
    .filter((m) => !(m.flags & Ci.nsIScriptError.infoFlag))
    .map((m) => ({
      level: m.flags & Ci.nsIScriptError.warningFlag ? 'warning' : 'error',
      source: m.sourceName,
      message: m.errorMessage,
    })))`;
  const res = await conn.send('script.evaluate', {
    expression,
    target: { context: contexts[0].context },
    awaitPromise: false,
  });
  const out = res.result as { type: string; result?: { value?: string }; exceptionDetails?: { text?: string } };
  if (out.type !== 'success' || typeof out.result?.value !== 'string') {
    throw new Error(`Could not read Firefox's console: ${out.exceptionDetails?.text ?? out.type}`);
  }
  return JSON.parse(out.result.value) as ExtensionConsoleEntry[];
}
