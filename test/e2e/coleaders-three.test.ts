// Three co-leaders in three Chromium profiles on one local broker. A
// invites B, then invites C with a second invite. B learns C's keys from
// A's signed member list (C never met B), so every pair shows its own
// safety number, and each pair compares it. Markers made on each leader
// reach the other two marked as a co-leader's, presence shows both others,
// and a note written by all three converges. The broker sees ciphertext only.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { captureBroker, startAedes, type AedesTestBroker, type RawSubscriber } from '../support/brokers';
import { JOINED, fillJoin, leader, makeInvite, markWithText, pair, refused, type Leader } from '../support/coleaders';
import { startSession } from '../support/journey';
import { openView } from '../support/panel';
import { expectNoPlaintext } from './support/no-plaintext';

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Thursday circle ${tag}`;
const MEMBER = `Robin Aldous${tag}`;
const TEXT = { A: `named the silence ${tag}`, B: `body check-in ${tag}`, C: `late arrival repair ${tag}` };
const NOTE = { A: `trust is growing ${tag}`, B: `next week: endings ${tag}`, C: `warmer, fewer pauses ${tag}` };
const FIELD = { A: 'themes', B: 'plan', C: 'climate' } as const;
const AFTER_REMOVAL = `said after C left ${tag}`;

type Name = 'A' | 'B' | 'C';

describe('three co-leaders on one broker', () => {
  let broker: AedesTestBroker;
  const l = {} as Record<Name, Leader>;
  const device = {} as Record<Name, string>;
  let capture: RawSubscriber;
  const card = (n: Name) => l[n].panel.locator(`section[aria-label="Co-leaders of ${GROUP}"]`);
  const others = (n: Name) => (['A', 'B', 'C'] as Name[]).filter((x) => x !== n);

  beforeAll(async () => {
    broker = await startAedes();
    capture = await captureBroker(broker.tcpUrl);
    for (const n of ['A', 'B', 'C'] as Name[]) l[n] = await leader(broker.url);
  });
  afterAll(async () => {
    await capture?.stop();
    for (const n of ['A', 'B', 'C'] as Name[]) await l[n]?.s.close();
    await broker?.stop();
  });

  test('A pairs with B, then invites C with a second invite', async () => {
    await pair(l.A, l.B, GROUP, [MEMBER]);
    const first = await card('A').locator('#invite-text').inputValue();
    const second = await makeInvite(l.A.panel, GROUP);
    expect(second.text).not.toBe(first);
    await fillJoin(l.C.panel, second);
    await l.C.panel.waitForSelector(`text=${JOINED}`, { timeout: 60_000 });
  });

  test('each leader pins the two others; each pair sees one number, different per pair, and verifies it', async () => {
    for (const n of ['A', 'B', 'C'] as Name[]) {
      await openView(l[n].panel, 'Co-leaders');
      await expect.poll(() => card(n).locator('[data-coleader]').count(), { timeout: 60_000 }).toBe(2);
      device[n] = (await card(n).locator('[data-my-device]').getAttribute('data-my-device'))!;
    }
    expect(new Set(Object.values(device)).size).toBe(3);
    for (const n of ['A', 'B', 'C'] as Name[]) {
      const listed = await card(n)
        .locator('[data-coleader]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-coleader')));
      expect(listed.sort()).toEqual(
        others(n)
          .map((o) => device[o])
          .sort(),
      );
    }
    // B and C name the co-leader who invited them.
    for (const n of ['B', 'C'] as Name[])
      await expect(card(n).locator(`[data-coleader="${device.A}"] h3`).textContent()).resolves.toContain('invited you');
    const number = (n: Name, other: Name) =>
      card(n).locator(`[data-coleader="${device[other]}"] [data-safety-number]`).textContent();
    const numbers = new Set<string>();
    for (const [x, y] of [
      ['A', 'B'],
      ['A', 'C'],
      ['B', 'C'],
    ] as [Name, Name][]) {
      const onX = await number(x, y);
      expect(onX).toMatch(/^(\d{5} ){11}\d{5}$/);
      expect(await number(y, x)).toBe(onX);
      numbers.add(onX!);
    }
    expect(numbers.size).toBe(3);
    // The code verified A with B and A with C; B and C read theirs aloud and mark each other verified.
    for (const n of ['A', 'B', 'C'] as Name[]) {
      for (const o of others(n)) {
        const entry = card(n).locator(`[data-coleader="${device[o]}"]`);
        if (!(await entry.locator('[data-verified]').count()))
          await entry.locator('button:has-text("Mark as verified")').click();
        await entry.locator('[data-verified]').waitFor();
      }
    }
  });

  test('presence shows both others here on every leader', async () => {
    for (const n of ['A', 'B', 'C'] as Name[]) {
      await openView(l[n].panel, 'Co-leaders');
      await expect
        .poll(() => card(n).locator('[data-channel-state]').textContent(), { timeout: 60_000 })
        .toContain('Co-leaders: here, here');
    }
  });

  test('a session A starts runs on B and C; a marker from each shows on the other two as a co-leader’s', async () => {
    await startSession(l.A.panel, GROUP);
    for (const n of ['B', 'C'] as Name[]) {
      await openView(l[n].panel, 'Session');
      await l[n].panel.waitForSelector('[role="timer"]', { timeout: 30_000 });
    }
    const made = {} as Record<Name, string>;
    for (const n of ['A', 'B', 'C'] as Name[]) made[n] = await markWithText(l[n].panel, TEXT[n]);
    for (const n of ['A', 'B', 'C'] as Name[]) {
      for (const o of others(n)) {
        const li = l[n].panel.locator(`ul.markers > li[data-marker-id="${made[o]}"]`);
        await li.locator('button.link').filter({ hasText: TEXT[o] }).waitFor({ timeout: 30_000 });
        await expect(li.locator('.by-coleader').count()).resolves.toBe(1);
      }
      // Its own marker carries no co-leader tag.
      await expect(
        l[n].panel.locator(`ul.markers > li[data-marker-id="${made[n]}"] .by-coleader`).count(),
      ).resolves.toBe(0);
      await expect.poll(() => markerIds(l[n].panel)).toEqual(Object.values(made).sort());
    }
  });

  test('all three write the group note; it converges on every leader', async () => {
    for (const n of ['A', 'B', 'C'] as Name[]) await l[n].panel.click('[role="tab"]:has-text("Note")');
    for (const n of ['A', 'B', 'C'] as Name[]) await l[n].panel.fill(`textarea[data-field="${FIELD[n]}"]`, NOTE[n]);
    for (const n of ['A', 'B', 'C'] as Name[])
      for (const w of ['A', 'B', 'C'] as Name[])
        await expect
          .poll(() => l[n].panel.inputValue(`textarea[data-field="${FIELD[w]}"]`), { timeout: 30_000 })
          .toBe(NOTE[w]);
  });

  test('no leader refused a single envelope: B and C knew each other before either sent anything', async () => {
    // Envelopes of an epoch a device was not in yet (sent while the commit was on its way) are counted apart.
    for (const n of ['A', 'B', 'C'] as Name[]) {
      const { 'other-epoch': _otherEpoch, ...rest } = await refused(l[n].panel, GROUP);
      expect(rest).toEqual({});
    }
  });

  test('A removes C: C, still running and subscribed, opens nothing sent after; B gets it all', async () => {
    await openView(l.A.panel, 'Co-leaders');
    const row = card('A').locator(`[data-coleader="${device.C}"]`);
    await row.locator('[data-remove]').click();
    // A confirm step that says what removal does.
    const confirm = row.locator('[data-remove-confirm]');
    await expect(confirm.textContent()).resolves.toMatch(/receives nothing you send from now on/);
    await row.screenshot({ path: 'test/e2e/artifacts/remove-confirm.png' });
    await confirm.locator('[data-remove-yes]').click();
    await expect.poll(() => card('A').locator('[data-coleader]').count(), { timeout: 30_000 }).toBe(1);
    // C learns it from the commit that leaves it out.
    await openView(l.C.panel, 'Co-leaders');
    await card('C').locator('[data-removed-here]').waitFor({ timeout: 30_000 });
    // Nothing on C offers to invite anyone to the channel it was removed from.
    expect(await card('C').locator('button:has-text("Invite a co-leader")').count()).toBe(0);
    expect(await card('C').locator('[data-remove]').count()).toBe(0);
    await card('C').screenshot({ path: 'test/e2e/artifacts/removed-here.png' });
    await expect.poll(() => card('B').locator('[data-coleader]').count(), { timeout: 30_000 }).toBe(1);
    const otherBefore = (await refused(l.C.panel, GROUP))['other-epoch'] ?? 0;
    await openView(l.C.panel, 'Session');
    for (const n of ['A', 'B'] as Name[]) await openView(l[n].panel, 'Session');
    const made = await markWithText(l.A.panel, AFTER_REMOVAL);
    await l.B.panel.locator(`ul.markers > li[data-marker-id="${made}"]`).waitFor({ timeout: 30_000 });
    // C's subscription keeps delivering the channel's envelopes, and none of them opens there.
    await expect
      .poll(async () => (await refused(l.C.panel, GROUP))['other-epoch'] ?? 0, { timeout: 30_000 })
      .toBeGreaterThan(otherBefore + 2);
    await openView(l.C.panel, 'Session');
    expect(await markerIds(l.C.panel)).not.toContain(made);
    await expect(l.C.panel.locator('ul.markers').textContent()).resolves.not.toContain(AFTER_REMOVAL);
  });

  test('no name, marker text or note word is readable in any profile or on the broker', async () => {
    expect(capture.messages.length).toBeGreaterThan(5);
    await expectNoPlaintext({
      chromium: [l.A.s, l.B.s, l.C.s],
      brokerCapture: capture,
      secrets: [GROUP, MEMBER, ...Object.values(TEXT), ...Object.values(NOTE), AFTER_REMOVAL],
    });
  });
});

async function markerIds(p: Page): Promise<string[]> {
  return (
    await p.$$eval('ul.markers > li[data-marker-id]', (els) => els.map((e) => (e as HTMLElement).dataset.markerId!))
  ).sort();
}
