// Issue 4: two co-leaders in two Chromium profiles pair through one local
// broker by invite and spoken code, see the same safety number, and share
// one session: markers both ways and a note that converges; one signs the
// note and the other co-signs it. A third profile holding the invite but not
// the code joins nothing and receives nothing with a name. A raw subscriber
// to '#' on the broker sees only opaque topics and ciphertext.
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
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Wednesday circle ${tag}`;
const MEMBER = `Morgan Ellery${tag}`;
const A_TEXT = `noticed tears ${tag}`;
const B_TEXT = `asked about home ${tag}`;
const A_NOTE = `cohesion rising ${tag}`;
const B_NOTE = `plan for next week ${tag}`;
const A_RISK = `rough week mentioned ${tag}`;
const B_RISK = `no risk raised ${tag}`;
const ARTIFACTS = join(REPO_ROOT, 'test/e2e/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });
const A_SIGNER = `Rowan Levi LCSW ${tag}`;
const B_SIGNER = `Mika Osei PhD ${tag}`;

/** Opens the latest session in History until `selector` shows in it (what the channel brings arrives in its time). */
async function reopenUntil(p: Page, selector: string): Promise<void> {
  await expect
    .poll(
      async () => {
        if (await p.locator('button:text-is("Back")').count()) await p.click('button:text-is("Back")');
        await p.click('ul.sessions li:first-child button');
        await p.locator('#detail-title').waitFor();
        return p.locator(selector).count();
      },
      { timeout: 30_000, interval: 1000 },
    )
    .toBeGreaterThan(0);
}

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

  test('A signs the group note; B co-signs it over the channel; both show both signatures holding', async () => {
    await openView(a.panel, 'History');
    await openView(b.panel, 'History');
    await a.panel.click('ul.sessions li:first-child button');
    await a.panel.locator('summary:has-text("Sign and lock the note")').click();
    await a.panel.fill('[data-sign-note] input', A_SIGNER);
    await a.panel.click('[data-sign-note] button:has-text("Sign and lock")');
    await a.panel.locator('[data-signed-note]').waitFor();
    // A signed it: A is not offered to co-sign its own version.
    expect(await a.panel.locator('[data-cosign-note]').count()).toBe(0);

    await reopenUntil(b.panel, '[data-signed-note]');
    const recordB = b.panel.locator('[data-signed-note]');
    expect(await recordB.locator('.seal-line').first().textContent()).toContain(`Signed by ${A_SIGNER}`);
    expect(await recordB.locator('.record-fields').first().textContent()).toContain(A_NOTE);
    await b.panel.fill('[data-cosign-note] input', B_SIGNER);
    await b.panel.click('[data-cosign-note] button:has-text("Co-sign this note")');
    await b.panel.locator('[data-cosign="valid"]').waitFor();
    expect(await b.panel.locator('[data-cosign-note]').count()).toBe(0);

    // A kept the session open since signing: the co-signature shows there as it arrives, without reopening.
    await a.panel.locator('[data-cosign="valid"]').waitFor({ timeout: 30_000 });
    const lines = await a.panel.locator('[data-signed-note] .seal-line').allTextContents();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`Signed by ${A_SIGNER}`);
    expect(lines[0]).toContain('signature holds, this device');
    expect(lines[1]).toContain(`Co-signed by ${B_SIGNER}`);
    expect(lines[1]).toMatch(/signature holds$/);
    expect(await a.panel.locator('[data-signature-broken]').count()).toBe(0);
    await a.panel.locator('[data-signed-note]').screenshot({ path: join(ARTIFACTS, 'note-cosigned.png') });
  });

  test('no name, marker text or note word is readable in any of the three profiles or on the broker', async () => {
    // The embedded broker relays nothing outside sq/, so the capture is all its traffic.
    expect(two.capture.messages.length).toBeGreaterThan(5);
    await expectNoPlaintext({
      chromium: [a.s, b.s, c.s],
      brokerCapture: two.capture,
      secrets: [GROUP, MEMBER, A_TEXT, B_TEXT, A_NOTE, B_NOTE, A_RISK, B_RISK, A_SIGNER, B_SIGNER],
    });
  });
});
