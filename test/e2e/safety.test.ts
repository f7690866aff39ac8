// Safety and screening, end to end in real Chromium on a fixture Meet call:
// the leader's licence (NY, no PSYPACT) against members' safety records (one
// in CA, one in NY), the session's checklist with a licence warning for the CA
// member only, locations confirmed and kept, the emergency card by its key
// with a risk marker, the checklist in the session's export without any
// location, a screening whose recommendation names its reasons, and no name,
// location, contact or screening note in plaintext anywhere in the profile.
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { makeTempDir } from '../support/paths';
import { outsideShippedCode, scanForSecrets } from './support/plaintext-scan';
import { addGroup, callWithPanel } from '../support/journey';
import { openView } from '../support/panel';
import { expectNoPlaintext } from './support/no-plaintext';
import { allCategories } from '../../domain/categories';

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Tuesday harbour ${tag}`;
const CARA = `Cara Lindqvist${tag}`; // joins from California
const NILS = `Nils Oduya${tag}`; // joins from New York
const CARA_LOCATION = `41 Juniperwell Lane ${tag}, Eureka, 2nd floor`;
const NILS_LOCATION = `9 Quarrystone Ave ${tag}, Albany`;
const CARA_CONTACT = `Tomasz Ferrowby ${tag} brother 555-0142`;
const NILS_CONTACT = `Imelda Varsk ${tag} partner 555-0199`;
const SCREEN_NOTE = `spoke of the flooded cellar ${tag}`;
const NOTE_WORD = `anchoring${tag}`;
/** Every built-in category code: none may be readable on disk, not even 'risk.crisis'. */
const CODES = allCategories().map((c) => c.code);
/** The members' ids, read from the emergency card: ids are keyed tags on disk, never the ids. */
const memberIds: string[] = [];

/** A date `days` ago as <input type="date"> wants it. */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

const memberRow = (panel: Page, name: string) =>
  panel.locator('section[aria-labelledby="group-safety-title"] > ul > li').filter({ hasText: name });
const checklistRow = (panel: Page, name: string) =>
  panel.locator('[data-checklist] li[data-member]').filter({ hasText: name });
const locationBox = (panel: Page, name: string) =>
  panel.getByLabel(`${name}: location confirmed today`, { exact: true });
const tab = (panel: Page, label: string) => panel.locator(`[role="tab"]:has-text("${label}")`);

async function saveRecord(
  panel: Page,
  name: string,
  r: { location: string; region: string; contact: string; consent: string },
): Promise<void> {
  const row = memberRow(panel, name);
  await row.locator('button:has-text("Safety record")').click();
  const form = panel.locator(`form[aria-label="Safety record for ${name}"]`);
  await form.locator('[id$="-location"]').fill(r.location);
  await form.locator('[id$="-region"]').fill(r.region);
  await form.locator('[id$="-emergencyContact"]').fill(r.contact);
  await form.locator('[id$="-consentDate"]').fill(r.consent);
  await form.locator('button[type="submit"]').click();
  // Saving closes the form; the row then has consent on file.
  await form.waitFor({ state: 'detached' });
  await expect.poll(() => row.locator('.badge:has-text("no consent on file")').count()).toBe(0);
}

describe('safety and screening around a group session on Google Meet', () => {
  const profileDir = makeTempDir('squircle-safety-');
  let s: ChromiumSession;
  let panel: Page;

  beforeAll(async () => {
    s = await launchChromium({ profileDir });
    ({ panel } = await callWithPanel(s));
  });
  afterAll(async () => {
    await s?.close();
    rmSync(profileDir, { recursive: true, force: true });
  });

  test('the leader is licensed in NY only; one member joins from CA, the other from NY', async () => {
    await addGroup(panel, GROUP, [CARA, NILS]);
    await openView(panel, 'Safety and screening');
    const profile = panel.locator('form[aria-labelledby="leader-profile-title"]');
    await profile.locator('#leader-licensed').fill('NY');
    await expect.poll(() => profile.getByLabel('I hold a PSYPACT authorisation').isChecked()).toBe(false);
    await profile.locator('button[type="submit"]').click();
    await profile.locator('[role="status"]:has-text("Saved.")').waitFor();

    await panel.selectOption('#safety-group', { label: GROUP });
    await panel.locator(`#group-safety-title:has-text("${GROUP}")`).waitFor();
    await saveRecord(panel, CARA, {
      location: CARA_LOCATION,
      region: 'CA',
      contact: CARA_CONTACT,
      consent: daysAgo(30),
    });
    await saveRecord(panel, NILS, {
      location: NILS_LOCATION,
      region: 'New York',
      contact: NILS_CONTACT,
      consent: daysAgo(60),
    });
  });

  test("the session's checklist warns about the CA member only, and the session goes on", async () => {
    await openView(panel, 'Session');
    await panel.waitForSelector('[data-call-state="in-call"]');
    await panel.selectOption('#start-owner', { label: GROUP });
    await panel.click('button:has-text("Start session")');
    await panel.waitForSelector('[role="timer"]');

    await tab(panel, 'Safety').click();
    await checklistRow(panel, CARA).waitFor();
    await checklistRow(panel, NILS).waitFor();
    const warning = checklistRow(panel, CARA).locator('[data-jurisdiction-warning]');
    await expect.poll(() => warning.textContent()).toContain('not recorded as licensed in CA');
    expect(await panel.locator('[data-jurisdiction-warning]').count()).toBe(1);
    expect(await checklistRow(panel, NILS).locator('[data-jurisdiction-warning]').count()).toBe(0);
    // The last known location is offered for a one-tap confirmation.
    expect(await checklistRow(panel, CARA).textContent()).toContain(CARA_LOCATION);

    // A warning never blocks: marking still works.
    await tab(panel, 'Markers').click();
    await panel.click('button.big:has-text("Mark")');
    await expect.poll(() => panel.locator('ul.markers > li').count()).toBe(1);
  });

  test('both locations are confirmed, and stay confirmed when the tab is opened again', async () => {
    await tab(panel, 'Safety').click();
    for (const name of [CARA, NILS]) {
      await locationBox(panel, name).check();
      await expect.poll(() => locationBox(panel, name).isChecked()).toBe(true);
    }
    await tab(panel, 'Markers').click();
    await panel.locator('[data-checklist]').waitFor({ state: 'detached' });
    await tab(panel, 'Safety').click();
    await panel.locator('[data-checklist]').waitFor();
    for (const name of [CARA, NILS]) await expect.poll(() => locationBox(panel, name).isChecked()).toBe(true);
  });

  test('E opens the emergency card: where each member is, whom to call; looking records nothing', async () => {
    await tab(panel, 'Markers').click();
    await panel.locator('ul.markers').waitFor();
    // The focus on the panel's body, in no field.
    await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    expect(await panel.evaluate(() => document.activeElement === document.body)).toBe(true);
    await panel.keyboard.press('e');
    const card = panel.locator('[data-emergency-card]');
    await card.waitFor();
    // The card's heading takes the focus, for a screen reader to start there.
    await expect.poll(() => panel.evaluate(() => document.activeElement?.id)).toBe('emergency-title');
    memberIds.push(
      ...(await card.locator('div[data-member]').evaluateAll((els) => els.map((e) => e.getAttribute('data-member')!))),
    );
    expect(memberIds).toHaveLength(2);
    const cara = card.locator('div[data-member]').filter({ hasText: CARA });
    const nils = card.locator('div[data-member]').filter({ hasText: NILS });
    // The records are read as the card opens ("Opening…" until then).
    await expect.poll(() => cara.textContent()).toContain(CARA_LOCATION);
    expect(await cara.textContent()).toContain(CARA_CONTACT);
    expect(await cara.textContent()).not.toContain('location not confirmed');
    await expect.poll(() => nils.textContent()).toContain(NILS_LOCATION);
    expect(await nils.textContent()).toContain(NILS_CONTACT);

    await panel.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });
    // Looking at the card is not a crisis: nothing was recorded.
    await tab(panel, 'Markers').click();
    await panel.locator('ul.markers').waitFor();
    expect(await panel.locator('ul.markers > li').count()).toBe(1);
    expect(await panel.locator('ul.markers').textContent()).not.toContain('Crisis');

    // Recording a risk moment is its own, explicit choice on the card.
    await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await panel.keyboard.press('e');
    await card.waitFor();
    await card.getByRole('button', { name: 'Record a risk moment' }).click();
    await card.getByRole('status').filter({ hasText: 'A risk moment is in the timeline' }).waitFor();
    await panel.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });
    await tab(panel, 'Markers').click();
    await panel.locator('ul.markers > li:has-text("Crisis")').waitFor();
    await expect.poll(() => panel.locator('ul.markers > li').count()).toBe(2);
  });

  test('after the session, its export carries the checklist and no location', async () => {
    await tab(panel, 'Note').click();
    await panel.fill('textarea[data-field="themes"]', `The group talked about ${NOTE_WORD}.`);
    await panel.waitForSelector('[data-status="saved"]', { timeout: 10_000 });
    await panel.click('button:has-text("End…")');
    await panel.click('button:has-text("End session")');
    await panel.waitForSelector('#start-owner');

    await openView(panel, 'History');
    await panel.click(`ul.sessions button:has-text("${GROUP}")`);
    const preview = panel.locator('details.preview');
    await preview.locator('summary').click();
    await preview.locator('h2:has-text("Pre-session checklist")').waitFor();
    const shown = (await preview.textContent()) ?? '';
    const [download] = await Promise.all([
      panel.waitForEvent('download'),
      panel
        .click('button:has-text("Export process note")')
        .then(() => panel.click('[data-leaving] button:has-text("Save the unencrypted file")')),
    ]);
    const exported = readFileSync((await download.path())!, 'utf8');
    for (const text of [shown, exported]) {
      expect(text).toContain('Pre-session checklist');
      expect(text).toContain(`${CARA}: location confirmed this session`);
      expect(text).toContain(`${NILS}: location confirmed this session`);
      expect(text).toContain('not recorded as licensed in CA');
      expect(text).toContain('Crisis');
      for (const secret of [CARA_LOCATION, NILS_LOCATION, CARA_CONTACT, NILS_CONTACT, 'Juniperwell', 'Quarrystone'])
        expect(text).not.toContain(secret);
    }
  });

  test("a finished session's note is finished in History: same editor, saved, and in the next export", async () => {
    // The session detail from the test before is still open.
    const themes = panel.locator('textarea[data-field="themes"]');
    await expect.poll(() => themes.inputValue()).toContain(NOTE_WORD);
    await themes.fill(`The group talked about ${NOTE_WORD}. Finished afterwards: ${NOTE_WORD}-after.`);
    await panel.waitForSelector('[data-status="saved"]', { timeout: 10_000 });
    const [download] = await Promise.all([
      panel.waitForEvent('download'),
      panel
        .click('button:has-text("Export process note")')
        .then(() => panel.click('[data-leaving] button:has-text("Save the unencrypted file")')),
    ]);
    expect(readFileSync((await download.path())!, 'utf8')).toContain(`${NOTE_WORD}-after`);
    // Stored, not only on screen: the session opened again shows it.
    await panel.getByRole('button', { name: 'Back', exact: true }).click();
    await panel.click(`ul.sessions button:has-text("${GROUP}")`);
    await expect.poll(() => themes.inputValue()).toContain(`${NOTE_WORD}-after`);
  });

  test('a screening is kept with the member, and its recommendation says why', async () => {
    await openView(panel, 'Safety and screening');
    await panel.selectOption('#safety-group', { label: GROUP });
    await memberRow(panel, NILS).locator('button:has-text("Screening")').click();
    const form = memberRow(panel, NILS).locator('section.card');
    await form.locator('h3:has-text("Screening for an online group")').waitFor();
    await form.getByRole('radiogroup', { name: 'In an acute crisis now' }).getByLabel('Yes').check();
    await form.locator('textarea[id$="-notes"]').fill(SCREEN_NOTE);
    const rec = form.locator('[data-recommendation]');
    await expect.poll(() => rec.getAttribute('data-recommendation')).toBe('not-suitable-online');
    expect(await rec.textContent()).toContain('Speaks against an online group: acute crisis.');
    await form.locator('button:has-text("Confirm suggestion")').click();
    // Shown with the member once it is stored.
    await memberRow(panel, NILS).locator('p:has-text("Latest decision: Not suitable for an online group")').waitFor();

    // Away and back: the screening is read from the vault again.
    await openView(panel, 'History');
    await panel.locator('section[aria-labelledby="group-safety-title"]').waitFor({ state: 'detached' });
    await openView(panel, 'Safety and screening');
    await panel.selectOption('#safety-group', { label: GROUP });
    await memberRow(panel, NILS).locator('button:has-text("Screening")').click();
    const again = memberRow(panel, NILS).locator('section.card');
    await expect.poll(() => again.locator('textarea[id$="-notes"]').inputValue()).toBe(SCREEN_NOTE);
    expect(await again.getByRole('radiogroup', { name: 'In an acute crisis now' }).getByLabel('Yes').isChecked()).toBe(
      true,
    );
    const rec2 = again.locator('[data-recommendation]');
    expect(await rec2.getAttribute('data-recommendation')).toBe('not-suitable-online');
    const reasons = await rec2.locator('li').allTextContents();
    expect(reasons).toEqual(['Speaks against an online group: acute crisis.']);
    expect(await again.locator('[data-decision]').textContent()).toContain(
      'Not suitable for an online group (confirmed)',
    );
    expect(await memberRow(panel, NILS).textContent()).toContain('Latest decision: Not suitable for an online group');
    // The other member has no screening yet.
    await memberRow(panel, CARA).locator('button:has-text("Screening")').click();
    await expect
      .poll(() => memberRow(panel, CARA).locator('[data-recommendation]').getAttribute('data-recommendation'))
      .toBe('incomplete');
  });

  test('no member name or id, category code (the card wrote one), location, contact or note is on disk', async () => {
    await s.close();
    expect(outsideShippedCode(await scanForSecrets(profileDir, CODES))).toEqual([]);
    const found = await scanForSecrets(profileDir, [
      ...memberIds,
      GROUP,
      CARA,
      NILS,
      CARA_LOCATION,
      NILS_LOCATION,
      CARA_CONTACT,
      NILS_CONTACT,
      SCREEN_NOTE,
      NOTE_WORD,
    ]);
    expect(found).toEqual([]);
    await expectNoPlaintext({
      profileDirs: [profileDir],
      codeStrings: CODES,
      secrets: [
        ...memberIds,
        GROUP,
        CARA,
        NILS,
        CARA_LOCATION,
        NILS_LOCATION,
        CARA_CONTACT,
        NILS_CONTACT,
        SCREEN_NOTE,
        NOTE_WORD,
      ],
    });
  });
});
