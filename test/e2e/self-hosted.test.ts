// Issue 19: self-hosted Jitsi Meet and BigBlueButton servers. A clinician
// adds a host in the settings; the browser asks for that host alone (an
// optional host permission), the background registers the call-hosted
// content script there at run time, and removing the host unregisters it and
// gives the permission back. The hosts are second local names (the resolver
// maps *.clinic.example to this machine; the fixtures answer them) that the
// manifest does not name. Chromium's permission prompt is browser UI, answered
// with the display's keyboard (xdotool); Firefox answers optional permission
// requests itself when its prompts are turned off by a pref, and there the
// clinic's server comes from a managed storage manifest in the test's own HOME
// (Chromium's policy file is machine-wide: policy-hosts.test.ts).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rmSync } from 'node:fs';
import type { Page as ChromiumPage } from 'playwright-core';
import type { Page } from 'puppeteer-core';
import type { CallState } from '../../ext/common/call-state';
import { CALL_LISTEN_PORT } from '../../calls/report';
import { launchChromium, watchContentScripts, type ChromiumSession } from '../support/chromium';
import { HOSTED_FIXTURES, routeFixtures } from '../support/fixtures-server';
import { makeTempDir } from '../support/paths';
import { launchFirefox, type FirefoxSession } from './support/firefox';
import { waitForSelector } from './support/poll';
import { writeFirefoxManagedStorage } from './support/policy';

const hasXdotool = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v xdotool']);
    return !!process.env.DISPLAY;
  } catch {
    return false;
  }
})();
const JITSI = HOSTED_FIXTURES['jitsi-hosted'].url;
const BBB = HOSTED_FIXTURES['bbb-hosted'].url;
const POLL = { timeout: 15_000 };

interface Registered {
  id: string;
  matches?: string[];
}

describe.runIf(hasXdotool)('self-hosted servers in Chromium', () => {
  let s: ChromiumSession;
  let options: ChromiumPage;
  const registered = () =>
    s.serviceWorker.evaluate(async () =>
      (await chrome.scripting.getRegisteredContentScripts()).map((r) => ({ id: r.id, matches: r.matches })),
    ) as Promise<Registered[]>;
  const holds = (host: string) =>
    s.serviceWorker.evaluate((o) => chrome.permissions.contains({ origins: [o] }), `https://${host}/*`);
  const states = () =>
    s.serviceWorker.evaluate(async () =>
      Object.values(await chrome.storage.session.get(null)).filter(
        (v): v is CallState => typeof v === 'object' && v !== null && 'platform' in v,
      ),
    );

  /** Adds a server in the settings and answers the browser's prompt: Tab to Allow (or Escape to refuse). */
  async function addServer(typed: string, answer: 'allow' | 'refuse'): Promise<void> {
    await options.bringToFront();
    await options.fill('#call-host', typed);
    await options.click('button:has-text("Add server")');
    // The prompt is a dialog of the browser window; it takes the keyboard once it shows.
    await options.waitForTimeout(1000);
    if (answer === 'allow') {
      execFileSync('xdotool', ['key', 'Tab']);
      await options.waitForTimeout(300);
      execFileSync('xdotool', ['key', 'Return']);
    } else execFileSync('xdotool', ['key', 'Escape']);
  }

  beforeAll(async () => {
    s = await launchChromium({
      headless: false,
      args: ['--host-resolver-rules=MAP *.clinic.example 127.0.0.1'],
    });
    await routeFixtures(s.context);
    options = await s.context.newPage();
    await options.goto(s.extUrl('options.html'));
    await options.waitForSelector('[data-call-hosts]');
    // Listening as a panel showing the call does: call pages report every change.
    await options.evaluate(
      (name) => void ((window as unknown as { port: unknown }).port = chrome.runtime.connect({ name })),
      CALL_LISTEN_PORT,
    );
  });
  afterAll(async () => {
    await s?.close();
  });

  test('a host nobody added is no call page: no script, no permission', async () => {
    const call = await s.context.newPage();
    const injected = await watchContentScripts(s, call);
    await call.goto(JITSI);
    await call.waitForFunction(() => window.fixture?.ready === true);
    await call.waitForTimeout(500);
    expect(await injected()).toEqual([]);
    expect(await registered()).toEqual([]);
    expect(await holds('jitsi.clinic.example')).toBe(false);
    await call.close();
  });

  test('refusing the prompt adds nothing, and says so', async () => {
    await addServer('bbb.clinic.example', 'refuse');
    await options.waitForSelector('#call-host-error:has-text("not allowed on bbb.clinic.example")');
    expect(await options.locator('[data-call-host]').count()).toBe(0);
    expect(await registered()).toEqual([]);
  });

  test('adding a host registers the script there; a call page already open is read at once', async () => {
    const call = await s.context.newPage();
    const injected = await watchContentScripts(s, call);
    await call.goto(JITSI);
    await call.waitForFunction(() => window.fixture?.ready === true);

    // A call's address is accepted as well as a bare host name.
    await addServer(JITSI, 'allow');
    await options.waitForSelector('[data-call-host="jitsi.clinic.example"][data-allowed="yes"]');
    await expect.poll(registered, POLL).toEqual([{ id: 'call-hosted', matches: ['https://jitsi.clinic.example/*'] }]);
    expect(await holds('jitsi.clinic.example')).toBe(true);
    await expect.poll(injected, POLL).toEqual([JITSI]);
    await expect
      .poll(states, POLL)
      .toMatchObject([
        { platform: 'jitsi', inCall: true, meetingId: 'SquircleGroup', participants: expect.any(Array) },
      ]);
    await call.evaluate(() => window.fixture.join('Robin Hosted'));
    await expect.poll(async () => (await states())[0]?.participants, POLL).toContain('Robin Hosted');

    // A second server: BigBlueButton's client path reads as BigBlueButton.
    await addServer('bbb.clinic.example', 'allow');
    await options.waitForSelector('[data-call-host="bbb.clinic.example"][data-allowed="yes"]');
    await expect
      .poll(async () => (await registered())[0]?.matches?.sort(), POLL)
      .toEqual(['https://bbb.clinic.example/*', 'https://jitsi.clinic.example/*']);
    const bbb = await s.context.newPage();
    await bbb.goto(BBB);
    await expect
      .poll(async () => (await states()).map((x) => x.platform).sort(), POLL)
      .toEqual(['bigbluebutton', 'jitsi']);
    await bbb.close();
    await call.close();
  });

  test('removing a host unregisters the script there and gives its permission back', async () => {
    await options.bringToFront();
    await options.click('[data-call-host="jitsi.clinic.example"] button:has-text("Remove")');
    await expect.poll(registered, POLL).toEqual([{ id: 'call-hosted', matches: ['https://bbb.clinic.example/*'] }]);
    await expect.poll(() => holds('jitsi.clinic.example'), POLL).toBe(false);
    expect(await holds('bbb.clinic.example')).toBe(true);
    const call = await s.context.newPage();
    const injected = await watchContentScripts(s, call);
    await call.goto(JITSI);
    await call.waitForFunction(() => window.fixture?.ready === true);
    await call.waitForTimeout(500);
    expect(await injected()).toEqual([]);
    await call.close();

    await options.click('[data-call-host="bbb.clinic.example"] button:has-text("Remove")');
    await expect.poll(registered, POLL).toEqual([]);
    await expect.poll(() => holds('bbb.clinic.example'), POLL).toBe(false);
  });
});

describe('self-hosted servers in Firefox', () => {
  let ff: FirefoxSession;
  let home: string;
  let options: Page;
  const registered = () =>
    options.evaluate(async () =>
      (await chrome.scripting.getRegisteredContentScripts()).map((r) => ({ id: r.id, matches: r.matches?.sort() })),
    );
  const holds = (host: string) =>
    options.evaluate((o: string) => chrome.permissions.contains({ origins: [o] }), `https://${host}/*`);
  const states = () =>
    options.evaluate(async () =>
      Object.values(await chrome.storage.session.get(null)).filter(
        (v): v is CallState => typeof v === 'object' && v !== null && 'platform' in v,
      ),
    );

  beforeAll(async () => {
    // The clinic's server comes from its managed storage manifest (in this test's own HOME).
    home = makeTempDir('squircle-hosted-firefox-');
    writeFirefoxManagedStorage(home, { clinicName: 'Riverbend', extraPlatformHosts: ['bbb.clinic.example'] });
    // Optional permissions are granted without the doorhanger (the key press still has to be the user's).
    ff = await launchFirefox({ homeDir: home, prefs: { 'extensions.webextOptionalPermissionPrompts': false } });
    options = await ff.openExtensionPage('options.html');
    await waitForSelector(options, '[data-call-hosts]');
  });
  afterAll(async () => {
    await ff?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  test("the clinic's server is listed, managed, and read once staff allow it", async () => {
    await waitForSelector(options, '[data-call-host="bbb.clinic.example"][data-allowed="no"]');
    expect(await registered()).toEqual([]);
    expect(await options.$('button[aria-label="Remove bbb.clinic.example"]')).toBeNull();
    // Enter on the focused button: a key press the browser counts as the user's.
    await options.focus('button[aria-label="Allow Squircle on bbb.clinic.example"]');
    await options.keyboard.press('Enter');
    await waitForSelector(options, '[data-call-host="bbb.clinic.example"][data-allowed="yes"]');
    await expect.poll(registered, POLL).toEqual([{ id: 'call-hosted', matches: ['https://bbb.clinic.example/*'] }]);
    const call = await ff.newFixturePage();
    await call.goto(BBB);
    await expect.poll(states, POLL).toMatchObject([{ platform: 'bigbluebutton', inCall: true }]);
    await call.close();
    await expect.poll(states, POLL).toEqual([]);
  });

  test("a clinician's own server: registered when added, unregistered and given back when removed", async () => {
    await options.bringToFront();
    await options.type('#call-host', 'jitsi.clinic.example');
    await options.keyboard.press('Enter');
    await waitForSelector(options, '[data-call-host="jitsi.clinic.example"][data-allowed="yes"]');
    await expect
      .poll(registered, POLL)
      .toEqual([{ id: 'call-hosted', matches: ['https://bbb.clinic.example/*', 'https://jitsi.clinic.example/*'] }]);
    expect(await holds('jitsi.clinic.example')).toBe(true);

    const call = await ff.newFixturePage();
    await call.goto(JITSI);
    await expect.poll(states, POLL).toMatchObject([{ platform: 'jitsi', inCall: true, meetingId: 'SquircleGroup' }]);

    await options.bringToFront();
    await options.focus('button[aria-label="Remove jitsi.clinic.example"]');
    await options.keyboard.press('Enter');
    await expect.poll(registered, POLL).toEqual([{ id: 'call-hosted', matches: ['https://bbb.clinic.example/*'] }]);
    await expect.poll(() => holds('jitsi.clinic.example'), POLL).toBe(false);
    expect(await holds('bbb.clinic.example')).toBe(true);
    await call.close();
    expect(await ff.extensionErrors()).toEqual([]);
  });
});
