// Co-leaders on a clinic broker that turns away anyone without an account,
// as broker/README.md sets Mosquitto up (allow_anonymous false, a password
// file). A's channel says the broker refused its sign-in, rather than
// "reconnecting" for ever, until A saves this device's account under Broker
// sign-in; a wrong password stays refused. B's join without an account says
// what to do and stores nothing; with its account B joins, and a marker
// travels. A third leader's browser gets its account from the clinic's
// policy (a real Chromium policy file) and connects without typing one. No
// password is readable in any profile afterwards.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { findMosquitto, startMosquitto, type MosquittoTestBroker } from '../support/brokers';
import {
  JOINED,
  channelLine,
  fillJoin,
  leader,
  makeInvite,
  markWithText,
  waitForChannelLine,
  type Leader,
  type ShownInvite,
} from '../support/coleaders';
import { addGroup, startSession } from '../support/journey';
import { expectNoPlaintext, scanProfile } from './support/no-plaintext';
import { openView } from '../support/panel';
import {
  chromiumPolicyUnavailable,
  rekeyedChromeBuild,
  removeChromiumPolicy,
  writeChromiumPolicy,
  type RekeyedBuild,
} from './support/policy';

const missing = !findMosquitto();
if (missing && process.env.CI)
  throw new Error('Mosquitto is not installed, and CI must test signing in to it: apt-get install mosquitto.');
const noPolicy = chromiumPolicyUnavailable();
if (noPolicy) console.warn(`The clinic-account part of coleaders-sign-in.test.ts is skipped: ${noPolicy}`);

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Thursday circle ${tag}`;
const C_GROUP = `Friday circle ${tag}`;
const pw = (who: string) => `${who}-${tag}-${Math.random().toString(36).slice(2, 12)}`;
const A = { username: 'leader-a', password: pw('pa') };
const B = { username: 'leader-b', password: pw('pb') };
const C = { username: 'leader-c', password: pw('pc') };

/** Saves an account under Clinic server account; returns what the panel then says (its status or its alert). */
async function saveAccount(p: Page, host: string, account: { username: string; password: string }): Promise<string> {
  await openView(p, 'Co-leaders');
  const box = p.locator('details.broker-sign-in');
  if ((await box.getAttribute('open')) === null) await box.locator('summary').click();
  await p.fill('#broker-host', host);
  await p.fill('#broker-user', account.username);
  await p.fill('#broker-password', account.password);
  const before = Number(await box.locator('[role="status"]').getAttribute('data-sign-in-said'));
  await box.locator('button:has-text("Save account")').click();
  await box.locator(`[role="status"][data-sign-in-said="${before + 1}"]`).waitFor({ state: 'attached' });
  return (
    (await box.locator('[role="status"]').textContent()) || ((await box.locator('[role="alert"]').textContent()) ?? '')
  );
}

describe.skipIf(missing)('co-leaders on a broker that asks for an account', () => {
  let broker: MosquittoTestBroker;
  let a: Leader;
  let b: Leader;
  let c: Leader | undefined;
  let build: RekeyedBuild | undefined;
  let invite: ShownInvite = { text: '', code: '' };
  /** How the panel names the test's broker (ws:// on loopback: host and port). */
  let where = '';

  beforeAll(async () => {
    broker = await startMosquitto({ accounts: [A, B, C] });
    where = `127.0.0.1:${new URL(broker.url).port}`;
    a = await leader(broker.url);
    b = await leader(broker.url);
  });
  afterAll(async () => {
    await a?.s.close();
    await b?.s.close();
    await c?.s.close();
    if (build) removeChromiumPolicy();
    build?.remove();
    await broker?.stop();
  });

  test("A's channel shows its sign-in refused until A saves its account; a wrong password stays refused", async () => {
    await addGroup(a.panel, GROUP, [`Sam ${tag}`]);
    await openView(a.panel, 'Co-leaders');
    const card = a.panel.locator(`section[aria-label="Co-leaders of ${GROUP}"]`);
    invite = await makeInvite(a.panel, GROUP);
    expect(invite.text).not.toBe('');

    const refused = await waitForChannelLine(a.panel, GROUP, (l) => l.state === 'refused', 30_000);
    expect(refused.text).toContain('Channel refused by the broker');
    await expect(card.locator('.refused-warning').textContent()).resolves.toContain(
      `The broker ${where} turned down this device's sign-in`,
    );
    // The sign-in box opens by itself, with the broker that refused.
    expect(await a.panel.locator('details.broker-sign-in').getAttribute('open')).not.toBeNull();
    expect(await a.panel.inputValue('#broker-host')).toBe(where);
    // Saved for the host alone, it would not be sent to a plain ws:// port on this machine.
    expect(await saveAccount(a.panel, '127.0.0.1', A)).toBe('Saved. The channel signs in with it now.');
    await a.panel.waitForTimeout(3_000);
    expect((await channelLine(a.panel, GROUP)).state).toBe('refused');

    expect(await saveAccount(a.panel, where, { ...A, password: 'not the password' })).toBe(
      'Saved. The channel signs in with it now.',
    );
    // Restarted with the wrong password: refused again, never connected.
    const seen: string[] = [];
    const end = Date.now() + 6_000;
    while (Date.now() < end) {
      seen.push((await channelLine(a.panel, GROUP)).state);
      await a.panel.waitForTimeout(300);
    }
    expect(seen).not.toContain('connected');
    expect(seen.at(-1)).toBe('refused');

    expect(await saveAccount(a.panel, where, A)).toBe('Saved. The channel signs in with it now.');
    await waitForChannelLine(a.panel, GROUP, (l) => l.state === 'connected', 30_000);
    await expect(a.panel.locator(`[data-broker-account="${where}"]`).textContent()).resolves.toContain(
      `leader-a at ${where}`,
    );
    expect(await a.panel.locator('body').textContent()).not.toContain(A.password);
    expect(await a.panel.inputValue('#broker-password')).toBe('');
  });

  test("B's join without an account says what to do, stores nothing; with it B joins, a marker travels", async () => {
    await fillJoin(b.panel, invite);
    await expect(b.panel.locator('form[aria-labelledby="join-title"] [role="alert"]').textContent()).resolves.toBe(
      `The broker ${where} asks for an account. ` +
        `Save this device's account for it under Clinic server account (your clinic's IT gives it), then join again. ` +
        `Nothing was stored.`,
    );
    expect(await b.panel.locator('section[data-group-channel]').count()).toBe(0);

    expect(await saveAccount(b.panel, where, B)).toBe('Saved. The channel signs in with it now.');
    expect(await b.panel.inputValue('#join-text')).toBe(invite.text);
    await b.panel.click('button:has-text("Join")');
    await b.panel.waitForSelector(`text=${JOINED}`, { timeout: 60_000 });
    const bCard = b.panel.locator(`section[aria-label="Co-leaders of ${GROUP}"]`);
    await bCard.locator('[data-verified]').waitFor({ timeout: 30_000 });
    const aCard = a.panel.locator(`section[aria-label="Co-leaders of ${GROUP}"]`);
    await aCard.locator('[data-verified]').waitFor({ timeout: 30_000 });
    await waitForChannelLine(b.panel, GROUP, (l) => l.state === 'connected', 30_000);

    await startSession(a.panel, GROUP);
    await openView(b.panel, 'Session');
    await b.panel.waitForSelector('[role="timer"]', { timeout: 30_000 });
    const text = `shifted in the chair ${tag}`;
    const id = await markWithText(a.panel, text);
    await b.panel
      .locator(`ul.markers > li[data-marker-id="${id}"]`)
      .filter({ hasText: text })
      .waitFor({ timeout: 30_000 });
  });

  test.skipIf(!!noPolicy)(
    "a leader whose clinic's policy holds the account connects without typing one, and cannot replace it",
    async () => {
      build = rekeyedChromeBuild();
      writeChromiumPolicy(build.extensionId, {
        brokerHostsAllowed: ['127.0.0.1'],
        brokerUsername: C.username,
        brokerPassword: C.password,
      });
      c = await leader(broker.url, { args: build.args });
      await addGroup(c.panel, C_GROUP, [`Noor ${tag}`]);
      await openView(c.panel, 'Co-leaders');
      await c.panel
        .locator(`section[aria-label="Co-leaders of ${C_GROUP}"] button:has-text("Invite a co-leader")`)
        .click();
      await waitForChannelLine(c.panel, C_GROUP, (l) => l.state === 'connected', 30_000);

      await c.panel.locator('details.broker-sign-in summary').click();
      await expect(c.panel.locator('details.broker-sign-in').textContent()).resolves.toContain(
        'Your clinic signs this device in to 127.0.0.1.',
      );
      expect(await saveAccount(c.panel, where, C)).toBe(
        'Your clinic sets the account for that broker. Nothing was saved.',
      );
    },
  );

  test('no saved password is readable in any profile; the clinic’s is only where Chromium keeps policy', async () => {
    // Chromium keeps its own copy of the extension's managed storage in the
    // profile, in the clear, as the policy file itself is (DEPLOYMENT.md).
    await expectNoPlaintext({ chromium: [a.s, b.s, ...(c ? [c.s] : [])], secrets: [A.password, B.password] });
    if (c) {
      const policyCopy = await scanProfile(c.s.profileDir, [C.password]);
      expect(policyCopy.length).toBeGreaterThan(0);
      expect(
        policyCopy.filter((hit) => !hit.startsWith(`Default/Managed Extension Settings/${build!.extensionId}/`)),
      ).toEqual([]);
    }
  });
});
