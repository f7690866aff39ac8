// Co-leaders in two homes meet on a broker over the internet, so over TLS
// and with an account per device: Debian's Mosquitto with a websockets
// listener serving a certificate signed by a CA made for this run
// (test/support/tls.ts), reached as wss://127.0.0.1:<port>, and its dynamic
// security plugin set up with broker/squircle-dynsec.sh as a clinic's
// administrator does. Each Chromium trusts that certificate alone
// (--ignore-certificate-errors-spki-list with its public key's hash), as a
// browser trusts a Let's Encrypt one. Each device saves its own account; its
// channel says "not allowed by the broker" until the administrator grants
// the channel's topic prefix (shown in the card), then connects by itself;
// a marker travels each way. Device A's account is refused by the broker
// when it subscribes to B's other channel. A broker whose certificate the
// browser does not trust is named in both panels with what to check,
// instead of an endless "reconnecting" or a join that waits a minute.
import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findMosquitto, startMosquitto, type MosquittoTestBroker } from '../support/brokers';
import {
  JOINED,
  fillJoin,
  leader,
  makeInvite,
  markWithText,
  startTogether,
  waitForChannelLine,
  type Leader,
} from '../support/coleaders';
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
const B_ONLY = `Friday circle ${tag}`;
const pw = () => `pw-${Math.random().toString(36).slice(2, 14)}`;
const A = { username: `device-a-${tag}`, password: pw() };
const B = { username: `device-b-${tag}`, password: pw() };

/** Saves this device's account under Broker sign-in (host 127.0.0.1: over TLS the host names the broker). */
async function saveAccount(p: Page, account: { username: string; password: string }): Promise<void> {
  await openView(p, 'Co-leaders');
  const box = p.locator('details.broker-sign-in');
  if ((await box.getAttribute('open')) === null) await box.locator('summary').click();
  await p.fill('#broker-host', '127.0.0.1');
  await p.fill('#broker-user', account.username);
  await p.fill('#broker-password', account.password);
  await box.locator('button:has-text("Save account")').click();
  await box.locator('[role="status"]').filter({ hasText: 'Saved.' }).waitFor();
}

/** The channel's topic prefix as its card shows it to the broker's administrator. */
async function topicPrefix(p: Page, group: string): Promise<string> {
  await openView(p, 'Co-leaders');
  const code = p.locator(`section[aria-label="Co-leaders of ${group}"] [data-topic-prefix]`);
  await code.waitFor({ state: 'attached' });
  return (await code.textContent())!;
}

describe.skipIf(missing)('co-leaders over wss:// to Mosquitto with TLS', () => {
  let certs: TestCertificates;
  let broker: MosquittoTestBroker;
  /** The same Mosquitto setup, serving a certificate nobody trusts. */
  let untrusted: MosquittoTestBroker;
  let a: Leader;
  let b: Leader;

  beforeAll(async () => {
    certs = makeTestCertificates();
    [broker, untrusted] = await Promise.all([
      startMosquitto({ tls: certs, dynsec: true }),
      startMosquitto({ tls: certs.stranger }),
    ]);
    await broker.dynsec(['setup'], { script: true });
    for (const d of [A, B])
      await broker.dynsec(['add-device', d.username], { script: true, env: { SQUIRCLE_DEVICE_PASSWORD: d.password } });
    a = await leader(broker.url, { args: trustArgs(certs) });
    b = await leader(broker.url, { args: trustArgs(certs) });
    await saveAccount(a.panel, A);
    await saveAccount(b.panel, B);
  });
  afterAll(async () => {
    await a?.s.close();
    await b?.s.close();
    await broker?.stop();
    await untrusted?.stop();
    certs?.remove();
  });

  test('two profiles with their own accounts pair over wss://; each channel runs once granted; markers travel', async () => {
    expect(broker.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    await addGroup(a.panel, GROUP, [`Ada ${tag}`]);
    await openView(a.panel, 'Co-leaders');
    const aCard = a.panel.locator(`section[aria-label="Co-leaders of ${GROUP}"]`);
    const invite = await makeInvite(a.panel, GROUP);
    // Signed in, but the channel's topics are not granted yet: the card says so and names them.
    const prefix = await topicPrefix(a.panel, GROUP);
    expect(prefix).toMatch(/^sq\//);
    await waitForChannelLine(a.panel, GROUP, (l) => l.state === 'forbidden', 30_000);
    expect(await aCard.locator('[data-forbidden]').textContent()).toContain(
      'The broker 127.0.0.1 signs this device in, but its account may not use this channel, ' +
        'so nothing is sent or received.',
    );
    expect(await aCard.locator('[data-forbidden] code').textContent()).toBe(prefix);
    await a.panel.setViewportSize({ width: 420, height: 900 });
    await aCard.screenshot({ path: 'test/e2e/artifacts/wss-forbidden-card.png' });

    // The inviting leader passes the prefix on; the administrator grants it to both devices' accounts.
    await broker.dynsec(['grant', A.username, prefix], { script: true });
    await broker.dynsec(['grant', B.username, prefix], { script: true });
    await waitForChannelLine(a.panel, GROUP, (l) => l.state === 'connected', 30_000);

    // The join itself uses the join topics, which every device account has.
    await fillJoin(b.panel, invite);
    await b.panel.waitForSelector(`text=${JOINED}`, { timeout: 60_000 });
    await waitForChannelLine(b.panel, GROUP, (l) => l.state === 'connected', 30_000);
    expect(await topicPrefix(b.panel, GROUP)).toBe(prefix);

    const bCard = b.panel.locator(`section[aria-label="Co-leaders of ${GROUP}"]`);
    await bCard.locator('[data-verified]').waitFor({ timeout: 30_000 });
    await aCard.locator('[data-verified]').waitFor({ timeout: 30_000 });
    await startTogether(a, b, GROUP);
    const fromA = `looked at the door ${tag}`;
    const idA = await markWithText(a.panel, fromA);
    await b.panel.locator(`ul.markers > li[data-marker-id="${idA}"]`).filter({ hasText: fromA }).waitFor();
    const fromB = `laughed with Ada ${tag}`;
    const idB = await markWithText(b.panel, fromB);
    await a.panel.locator(`ul.markers > li[data-marker-id="${idB}"]`).filter({ hasText: fromB }).waitFor();
  });

  test("device A's account is refused by the broker when it subscribes to B's other channel", async () => {
    await addGroup(b.panel, B_ONLY, [`Cy ${tag}`]);
    await openView(b.panel, 'Co-leaders');
    await b.panel
      .locator(`section[aria-label="Co-leaders of ${B_ONLY}"] button:has-text("Invite a co-leader")`)
      .click();
    const theirs = await topicPrefix(b.panel, B_ONLY);
    const shared = await topicPrefix(a.panel, GROUP);
    expect(theirs).not.toBe(shared);
    await broker.dynsec(['grant', B.username, theirs], { script: true });
    await waitForChannelLine(b.panel, B_ONLY, (l) => l.state === 'connected', 30_000);

    // A's account, as any client could use it, over the same wss:// listener.
    const asA = await mqtt.connectAsync(broker.url, {
      ...A,
      ca: readFileSync(certs.caFile),
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    try {
      expect((await asA.subscribeAsync(shared, { qos: 1 }))[0]?.qos).toBe(1);
      for (const filter of [theirs, `${theirs}/#`, 'sq/#'])
        await expect(asA.subscribeAsync(filter, { qos: 1 }), filter).rejects.toMatchObject({
          packet: { granted: [128] },
        });
    } finally {
      await asA.endAsync();
    }
  });

  test('a broker whose certificate the browser does not trust: both panels say what to check', async () => {
    const host = new URL(untrusted.url).host;
    await settings(a.panel, { brokerUrl: untrusted.url });
    await addGroup(a.panel, ELSEWHERE, [`Bo ${tag}`]);
    await openView(a.panel, 'Co-leaders');
    const card = a.panel.locator(`section[aria-label="Co-leaders of ${ELSEWHERE}"]`);
    const invite = await makeInvite(a.panel, ELSEWHERE);
    expect(invite.text).not.toBe('');

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

    await fillJoin(b.panel, invite);
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

  test('"Where do we meet?" shows the three paths and saves a wss:// address for new invites, not a plain one', async () => {
    await openView(a.panel, 'Co-leaders');
    await a.panel.setViewportSize({ width: 420, height: 900 });
    const card = a.panel.locator('section.where-we-meet');
    await expect(card.locator('summary').allTextContents()).resolves.toEqual([
      "Your clinic's broker",
      'A managed MQTT service',
      'Your own small server',
    ]);
    await card.locator('details[data-path="managed"] summary').click();
    await a.panel.fill('#meet-url', 'ws://mqtt.example.org/mqtt');
    await card.locator('button:has-text("Save address")').click();
    await expect(card.locator('[role="alert"]').textContent()).resolves.toBe(
      'Only an encrypted connection (wss://) is allowed to another machine. Nothing was saved.',
    );
    const managed = 'wss://abc123.s1.eu.hivemq.cloud:8884/mqtt';
    await a.panel.fill('#meet-url', managed);
    await card.locator('button:has-text("Save address")').click();
    await card.locator('[role="status"]').filter({ hasText: 'Saved. New invites name this broker.' }).waitFor();
    await card.locator(`[data-meeting-place="${managed}"]`).waitFor();
    expect(await a.panel.evaluate(() => chrome.storage.local.get('userSettings'))).toMatchObject({
      userSettings: { brokerUrl: managed },
    });
    await card.screenshot({ path: 'test/e2e/artifacts/where-we-meet.png' });
    const signIn = a.panel.locator('details.broker-sign-in');
    if ((await signIn.getAttribute('open')) === null) await signIn.locator('summary').click();
    await a.panel.fill('#broker-host', 'abc123.s1.eu.hivemq.cloud');
    await a.panel.fill('#broker-user', 'leader-a-laptop');
    await signIn.screenshot({ path: 'test/e2e/artifacts/broker-sign-in.png' });
  });
});
