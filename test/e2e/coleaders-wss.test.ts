// Co-leaders in two homes meet on a broker over the internet, so over TLS:
// Debian's Mosquitto with a websockets listener serving a certificate signed
// by a CA made for this run (test/support/tls.ts), reached as
// wss://127.0.0.1:<port>. Each Chromium trusts that certificate alone
// (--ignore-certificate-errors-spki-list with its public key's hash), as a
// browser trusts a Let's Encrypt one. Two profiles pair over wss:// and a
// marker travels each way. A broker whose certificate the browser does not
// trust is named in both panels with what to check, instead of an endless
// "reconnecting" or a join that waits a minute for nothing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findMosquitto, startMosquitto, type MosquittoTestBroker } from '../support/brokers';
import { leader, markWithText, pair, startTogether, waitForChannelLine, type Leader } from '../support/coleaders';
import { addGroup, settings } from '../support/journey';
import { openView } from '../support/panel';
import { makeTestCertificates, trustArgs, type TestCertificates } from '../support/tls';

const missing = !findMosquitto();
if (missing && process.env.CI)
  throw new Error(
    'Mosquitto is not installed, and CI must test the channel over wss:// on it: apt-get install mosquitto.',
  );

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Tuesday circle ${tag}`;
const ELSEWHERE = `Wednesday circle ${tag}`;

describe.skipIf(missing)('co-leaders over wss:// to Mosquitto with TLS', () => {
  let certs: TestCertificates;
  let broker: MosquittoTestBroker;
  /** The same Mosquitto setup, serving a certificate nobody trusts. */
  let untrusted: MosquittoTestBroker;
  let a: Leader;
  let b: Leader;

  beforeAll(async () => {
    certs = makeTestCertificates();
    [broker, untrusted] = await Promise.all([startMosquitto({ tls: certs }), startMosquitto({ tls: certs.stranger })]);
    a = await leader(broker.url, { args: trustArgs(certs) });
    b = await leader(broker.url, { args: trustArgs(certs) });
  });
  afterAll(async () => {
    await a?.s.close();
    await b?.s.close();
    await broker?.stop();
    await untrusted?.stop();
    certs?.remove();
  });

  test('two profiles pair over wss:// and a marker travels each way', async () => {
    expect(broker.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    await pair(a, b, GROUP, [`Ada ${tag}`]);
    await waitForChannelLine(a.panel, GROUP, (l) => l.state === 'connected', 30_000);
    await waitForChannelLine(b.panel, GROUP, (l) => l.state === 'connected', 30_000);
    await startTogether(a, b, GROUP);
    const fromA = `looked at the door ${tag}`;
    const idA = await markWithText(a.panel, fromA);
    await b.panel.locator(`ul.markers > li[data-marker-id="${idA}"]`).filter({ hasText: fromA }).waitFor();
    const fromB = `laughed with Ada ${tag}`;
    const idB = await markWithText(b.panel, fromB);
    await a.panel.locator(`ul.markers > li[data-marker-id="${idB}"]`).filter({ hasText: fromB }).waitFor();
  });

  test('a broker whose certificate the browser does not trust: both panels say what to check', async () => {
    const host = new URL(untrusted.url).host;
    await settings(a.panel, { brokerUrl: untrusted.url });
    await addGroup(a.panel, ELSEWHERE, [`Bo ${tag}`]);
    await openView(a.panel, 'Co-leaders');
    const card = a.panel.locator(`section[aria-label="Co-leaders of ${ELSEWHERE}"]`);
    await card.locator('button:has-text("Invite a co-leader")').click();
    const invite = await card.locator('#invite-text').inputValue();
    expect(invite).not.toBe('');

    const line = await waitForChannelLine(a.panel, ELSEWHERE, (l) => l.state === 'unreachable', 30_000);
    expect(line.text).toContain('Channel cannot reach the broker');
    const warning = (await card.locator('[data-unreachable]').textContent()) ?? '';
    expect(warning).toContain('Squircle cannot reach the broker 127.0.0.1, so nothing is sent or received.');
    expect(warning).toContain("this browser does not trust the broker's certificate");
    expect(warning).toContain(`Open https://${host}/ in a tab`);
    await card.scrollIntoViewIfNeeded();
    await a.panel.setViewportSize({ width: 420, height: 900 });
    await card.screenshot({ path: 'test/e2e/artifacts/wss-untrusted-card.png' });
    // The trusted channel next to it is not affected.
    await waitForChannelLine(a.panel, GROUP, (l) => l.state === 'connected', 10_000);

    await openView(b.panel, 'Co-leaders');
    await b.panel.fill('#join-text', invite);
    await b.panel.click('button:has-text("Join")');
    const alert = b.panel.locator('form[aria-labelledby="join-title"] [role="alert"]');
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toBe(
      `Squircle cannot reach the broker 127.0.0.1 named in the invite. ` +
        `Either nothing answers at that address, or this browser does not trust its certificate ` +
        `(expired, made for another name, or from an authority this computer does not know). ` +
        `Open https://${host}/ in a tab: a certificate warning there means the certificate. ` +
        `Ask whoever runs the broker, then join again. Nothing was stored.`,
    );
    expect(await b.panel.locator(`section[aria-label="Co-leaders of ${ELSEWHERE}"]`).count()).toBe(0);
  });
});
