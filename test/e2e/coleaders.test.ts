// Issue 4: two co-leaders in two Chromium profiles pair through one local
// broker by invite and spoken code, see the same safety number, and share
// one session: markers both ways and a note that converges. A third
// profile holding the invite but not the code joins nothing and receives
// nothing with a name. A raw subscriber to '#' on the broker sees only
// opaque topics and ciphertext.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startAedes, type AedesTestBroker } from '../support/brokers';
import {
  JOINED,
  fillJoin,
  leader,
  makeInvite,
  markerTexts,
  startTogether,
  twoLeaders,
  type Leader,
  type TwoLeaders,
} from '../support/coleaders';
import { addGroup } from '../support/journey';
import { openView } from '../support/panel';
import { expectNoPlaintext } from './support/no-plaintext';

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Wednesday circle ${tag}`;
const MEMBER = `Morgan Ellery${tag}`;
const A_TEXT = `noticed tears ${tag}`;
const B_TEXT = `asked about home ${tag}`;
const A_NOTE = `cohesion rising ${tag}`;
const B_NOTE = `plan for next week ${tag}`;
const A_RISK = `rough week mentioned ${tag}`;
const B_RISK = `no risk raised ${tag}`;

describe('two co-leaders on one broker', () => {
  let two: TwoLeaders<AedesTestBroker>;
  let a: Leader;
  let b: Leader;
  /** Holds the invite, read from wherever it was sent, but never heard the code. */
  let c: Leader;

  beforeAll(async () => {
    two = await twoLeaders(startAedes);
    ({ a, b } = two);
    c = await leader(two.broker.url);
  });
  afterAll(async () => {
    await c?.s.close();
    await two?.close();
  });

  test('the invite with another code joins nothing; with the code A says, B joins verified', async () => {
    await addGroup(a.panel, GROUP, [MEMBER]);
    await openView(a.panel, 'Co-leaders');
    const invite = await makeInvite(a.panel, GROUP);
    expect(invite.code).toMatch(/^\d{3} \d{3}$/);
    const last = Number(invite.code.at(-1));
    await fillJoin(c.panel, { text: invite.text, code: `${invite.code.slice(0, -1)}${(last + 1) % 10}` });
    await expect
      .poll(() => c.panel.locator('form[aria-labelledby="join-title"] [role="alert"]').textContent(), {
        timeout: 30_000,
      })
      .toBe(
        'The code does not match the one your co-leader sees. Check the code they say in the call and try again. ' +
          'Nothing was stored.',
      );
    expect(await c.panel.locator('section[aria-label^="Co-leaders of "]').count()).toBe(0);
    const seenByC = (await c.panel.locator('body').textContent()) ?? '';
    for (const name of [GROUP, MEMBER]) expect(seenByC).not.toContain(name);

    await fillJoin(b.panel, invite);
    await b.panel.waitForSelector(`text=${JOINED}`, { timeout: 60_000 });
    const cards = [a, b].map((l) => l.panel.locator(`section[aria-label="Co-leaders of ${GROUP}"]`));
    const numbers: string[] = [];
    for (const card of cards) {
      await card.locator('[data-verified]').waitFor({ timeout: 30_000 });
      numbers.push((await card.locator('[data-safety-number]').first().textContent())!);
    }
    expect(numbers[0]).toMatch(/^(\d{5} ){11}\d{5}$/);
    expect(numbers[1]).toBe(numbers[0]);
    await a.panel.setViewportSize({ width: 420, height: 900 });
    await cards[0]!.screenshot({ path: 'test/e2e/artifacts/pairing-inviter-card.png' });
    await c.panel.setViewportSize({ width: 420, height: 900 });
    await c.panel.locator('form[aria-labelledby="join-title"]').screenshot({
      path: 'test/e2e/artifacts/pairing-wrong-code.png',
    });
  });

  test('a session started by A runs on B; markers travel both ways', async () => {
    await startTogether(a, b, GROUP);
    await a.panel.click(`.chips button.member:has-text("${MEMBER}")`);
    await a.panel.click('button.big:has-text("Mark")');
    const mine = a.panel.locator(`ul.markers > li:has-text("${MEMBER}")`);
    await mine.locator('button.link').click();
    await mine.locator('input[id$="-text"]').fill(A_TEXT);
    await mine.locator('button:has-text("Save")').click();
    await b.panel.waitForSelector(`ul.markers li:has-text("${A_TEXT}")`, { timeout: 30_000 });
    await b.panel.click('button.big:has-text("Mark")');
    const theirs = b.panel.locator('ul.markers > li').filter({ hasNotText: A_TEXT }).first();
    await theirs.locator('button.link').click();
    await theirs.locator('input[id$="-text"]').fill(B_TEXT);
    await theirs.locator('button:has-text("Save")').click();
    await a.panel.waitForSelector(`ul.markers li:has-text("${B_TEXT}")`, { timeout: 30_000 });
    expect((await markerTexts(a.panel)).length).toBe(2);
    expect((await markerTexts(b.panel)).length).toBe(2);
  });

  test('both leaders write the group note; it converges on both sides', async () => {
    await a.panel.click('[role="tab"]:has-text("Note")');
    await b.panel.click('[role="tab"]:has-text("Note")');
    await a.panel.fill('textarea[data-field="themes"]', A_NOTE);
    await b.panel.fill('textarea[data-field="plan"]', B_NOTE);
    for (const p of [a.panel, b.panel]) {
      await expect.poll(() => p.inputValue('textarea[data-field="themes"]'), { timeout: 30_000 }).toBe(A_NOTE);
      await expect.poll(() => p.inputValue('textarea[data-field="plan"]'), { timeout: 30_000 }).toBe(B_NOTE);
    }
  });

  test('both leaders write one field at once: both texts show on both sides; an edit of them settles it', async () => {
    const field = 'textarea[data-field="risk"]';
    await Promise.all([a.panel.fill(field, A_RISK), b.panel.fill(field, B_RISK)]);
    for (const p of [a.panel, b.panel]) {
      await expect.poll(() => p.inputValue(field), { timeout: 30_000 }).toContain(A_RISK);
      await expect.poll(() => p.inputValue(field), { timeout: 30_000 }).toContain(B_RISK);
    }
    expect(await a.panel.inputValue(field)).toBe(await b.panel.inputValue(field));
    await b.panel.fill(field, `${A_RISK}; ${B_RISK}`);
    for (const p of [a.panel, b.panel])
      await expect.poll(() => p.inputValue(field), { timeout: 30_000 }).toBe(`${A_RISK}; ${B_RISK}`);
  });

  test('no name, marker text or note word is readable in any of the three profiles or on the broker', async () => {
    // The embedded broker relays nothing outside sq/, so the capture is all its traffic.
    expect(two.capture.messages.length).toBeGreaterThan(5);
    await expectNoPlaintext({
      chromium: [a.s, b.s, c.s],
      brokerCapture: two.capture,
      secrets: [GROUP, MEMBER, A_TEXT, B_TEXT, A_NOTE, B_NOTE, A_RISK, B_RISK],
    });
  });
});
