// The co-leader channel in firefox-esr on a broker that asks for an account
// (Debian's Mosquitto with a password file): refused until the leader saves
// this device's account under Clinic server account, then connected. The password is
// afterwards in neither the profile nor the session store (which Firefox
// writes every 500 ms here, with the tab open).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, type FirefoxSession } from './support/firefox';
import { findMosquitto, startMosquitto, type MosquittoTestBroker } from '../support/brokers';
import { expectNoPlaintext } from './support/no-plaintext';
import { createFirefoxVault } from './support/firefox-panel';
import { waitForSelector } from './support/poll';

const missing = !findMosquitto();
if (missing && process.env.CI)
  throw new Error(
    'Mosquitto is not installed, and CI must test signing in to it in Firefox: apt-get install mosquitto.',
  );

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Monday circle ${tag}`;
const ACCOUNT = { username: 'leader-f', password: `pf-${tag}-${Math.random().toString(36).slice(2, 12)}` };

/** Clicks the first button (or summary) whose text contains `text`, inside `within` if given. */
const click = (page: Page, text: string, within = 'body') =>
  page.evaluate(
    (t: string, w: string) => {
      const el = [...document.querySelectorAll<HTMLElement>(`${w} button, ${w} summary`)].find((b) =>
        b.textContent?.includes(t),
      );
      if (!el) throw new Error(`no button "${t}"`);
      el.click();
    },
    text,
    within,
  );

const channelState = (page: Page) =>
  page.evaluate(() => document.querySelector('[data-channel-state]')?.getAttribute('data-channel-state') ?? '');

async function waitForState(page: Page, state: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while ((await channelState(page)) !== state) {
    if (Date.now() > end) throw new Error(`the channel stayed ${await channelState(page)}, not ${state}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(missing)('Broker sign-in in firefox-esr', () => {
  let broker: MosquittoTestBroker;
  let ff: FirefoxSession;
  beforeAll(async () => {
    broker = await startMosquitto({ accounts: [ACCOUNT] });
    ff = await launchFirefox({ prefs: { 'browser.sessionstore.interval': 500 } });
  });
  afterAll(async () => {
    await ff?.close();
    await broker?.stop();
  });

  test('refused until the account is saved, then connected; the password is nowhere on disk', async () => {
    const first = await ff.openExtensionPage('sidepanel.html');
    await waitForSelector(first, '#new-pass');
    await first.evaluate((url: string) => browser.storage.local.set({ userSettings: { brokerUrl: url } }), broker.url);
    // Firefox's remote agent never ends a navigation of an extension document: a new page rather than a reload.
    await first.close();
    const page = await ff.openExtensionPage('sidepanel.html');
    await createFirefoxVault(page);

    await click(page, 'Groups and clients', 'nav[aria-label="Panel"]');
    await click(page, 'Add group');
    await waitForSelector(page, '#g-name');
    await page.type('#g-name', GROUP);
    await click(page, 'Save group');
    await waitForSelector(page, `article.group[aria-label="${GROUP}"]`);

    await click(page, 'Co-leaders', 'nav[aria-label="Panel"]');
    await waitForSelector(page, `section[aria-label="Co-leaders of ${GROUP}"]`);
    await click(page, 'Invite a co-leader', `section[aria-label="Co-leaders of ${GROUP}"]`);
    await waitForSelector(page, '#invite-text');
    await waitForState(page, 'refused');

    const where = `127.0.0.1:${new URL(broker.url).port}`;
    expect(
      await page.evaluate(() => (document.querySelector('details.broker-sign-in') as HTMLDetailsElement).open),
    ).toBe(true);
    expect(await page.evaluate(() => (document.querySelector('#broker-host') as HTMLInputElement).value)).toBe(where);
    await page.type('#broker-user', ACCOUNT.username);
    await page.type('#broker-password', ACCOUNT.password);
    await click(page, 'Save account', 'details.broker-sign-in');
    await waitForState(page, 'connected');
    expect(await page.evaluate(() => document.body.textContent)).not.toContain(ACCOUNT.password);
    expect(await ff.extensionErrors()).toEqual([]);

    await new Promise((r) => setTimeout(r, 2_000)); // a session-store write or more with the tab open
    await expectNoPlaintext({ firefox: [ff], secrets: [ACCOUNT.password, GROUP] });
  });
});
