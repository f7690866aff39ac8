// Issue 3: a therapist's live session on a fixture Meet call, end to end in
// real Chromium: roster, start from the detected call, markers by click,
// "15 s ago", a member marker, an automatic marker when someone joins late,
// a group note, end, history, search, exports, and no plaintext on disk.
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { makeTempDir } from '../support/paths';
import { outsideShippedCode, scanForSecrets } from './support/plaintext-scan';
import { addGroup, callWithPanel, settings } from '../support/journey';
import { openView } from '../support/panel';
import { expectNoPlaintext } from './support/no-plaintext';
import { allCategories } from '../../domain/categories';

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Thursday circle ${tag}`;
const AVERY = `Avery Quillon${tag}`;
const BLAKE = `Blake Mortimer${tag}`;
const MARK_TEXT = `looked away ${tag}`;
const NOTE_WORD = `belonging${tag}`;
/** Every built-in category code: none may be readable on disk, not even 'risk.crisis'. */
const CODES = allCategories().map((c) => c.code);
/** The members' ids, read from the panel: ids are keyed tags on disk, never the ids. */
const memberIds: string[] = [];

describe('a live group session on Google Meet', () => {
  const profileDir = makeTempDir('squircle-live-');
  let s: ChromiumSession;
  let meet: Page;
  let panel: Page;

  beforeAll(async () => {
    s = await launchChromium({ profileDir });
    ({ call: meet, panel } = await callWithPanel(s));
    await settings(panel, { lateGraceSeconds: 0 });
  });
  afterAll(async () => {
    await s?.close();
    rmSync(profileDir, { recursive: true, force: true });
  });

  test('starts a session for a group from the detected call', async () => {
    await addGroup(panel, GROUP, [AVERY, BLAKE]);
    await openView(panel, 'Session');
    await panel.waitForSelector('[data-call-state="in-call"]');
    expect(await panel.textContent('.callstatus')).toContain('Google Meet');
    await panel.selectOption('#start-owner', { label: GROUP });
    await panel.click('button:has-text("Start session")');
    await panel.waitForSelector('[role="timer"]');
  });

  test('marks by click, 15 s ago, by category, and for a member', async () => {
    await panel.click('button.big:has-text("Mark")');
    await panel.click('button:has-text("s ago")');
    await panel.click('.chips button:has-text("Body and face")');
    await panel.click('button[data-code="body.face"]');
    memberIds.push(
      ...(await panel.$$eval('.chips button.member', (els) => els.map((e) => (e as HTMLElement).dataset.member!))),
    );
    expect(memberIds).toHaveLength(2);
    await panel.click(`.chips button.member:has-text("${AVERY}")`);
    await panel.click('button.big:has-text("Mark")');
    await expect.poll(() => panel.locator('ul.markers > li').count()).toBe(4);
    const avery = panel.locator(`ul.markers > li:has-text("${AVERY}")`);
    await avery.locator('button.link').click();
    await avery.locator('input[id$="-text"]').fill(MARK_TEXT);
    await avery.locator('button:has-text("Save")').click();
    await panel.waitForSelector(`ul.markers li:has-text("${MARK_TEXT}")`);
  });

  test('someone joining late on the call page becomes an automatic marker', async () => {
    await meet.evaluate((name) => window.fixture.join(name), BLAKE);
    await panel.waitForSelector('ul.markers li.auto:has-text("Joined late")', { timeout: 15_000 });
    expect(await panel.textContent('ul.markers li.auto')).toContain(BLAKE);
  });

  test('with no co-leader paired, signals and "Send now" are disabled, and say why', async () => {
    await panel.click('[role="tab"]:has-text("Co-leader")');
    const why = panel.locator('[data-unavailable]');
    await why.waitFor();
    expect(await why.textContent()).toContain('No co-leader is paired for this group');
    const signals = panel.locator('button[data-signal]');
    expect(await signals.count()).toBeGreaterThan(3);
    for (const b of await signals.all()) expect(await b.isDisabled()).toBe(true);
    const send = panel.locator('button:has-text("Send now")');
    if (await send.count()) {
      await panel.fill('textarea', 'Should we wrap up?');
      expect(await send.isDisabled()).toBe(true);
      await panel.fill('textarea', '');
    }
    expect(await panel.textContent('body')).not.toContain('Sent:');
  });

  test('writes a group note that saves as a draft', async () => {
    await panel.click('[role="tab"]:has-text("Note")');
    await panel.fill('textarea[data-field="themes"]', `The group talked about ${NOTE_WORD} and distance.`);
    await panel.waitForSelector('[data-status="saved"]', { timeout: 10_000 });
    // No field of the panel is spellchecked (some browsers send what is checked to a server).
    const fields = await panel.$$eval('textarea, input:not([type]), input[type="text"], input[type="search"]', (els) =>
      els.map((e) => (e as HTMLElement).spellcheck),
    );
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.filter(Boolean)).toEqual([]);
  });

  test('ends the session, finds it in history and by a word of the note', async () => {
    await panel.click('button:has-text("End…")');
    await panel.click('button:has-text("End session")');
    await panel.waitForSelector('#start-owner');
    await openView(panel, 'History');
    await panel.waitForSelector(`ul.sessions button:has-text("${GROUP}")`);
    await panel.fill('#search', NOTE_WORD);
    await panel.waitForSelector(`ul.hits li:has-text("${NOTE_WORD}")`);
  });

  test('exports Markdown, and a member file that names no other member', async () => {
    await panel.click(`ul.hits li button.link`);
    // Nothing leaves the vault before the leader has read that it will be unencrypted.
    let downloads = 0;
    panel.on('download', () => downloads++);
    await panel.click('button:has-text("Export process note")');
    await expect.poll(() => panel.textContent('[data-leaving]')).toContain('is not encrypted');
    await panel.click('[data-leaving] button:has-text("Cancel")');
    expect(await panel.locator('[data-leaving]').count()).toBe(0);
    expect(downloads).toBe(0);
    await panel.click('button:has-text("Export process note")');
    const [md] = await Promise.all([
      panel.waitForEvent('download'),
      panel.click('[data-leaving] button:has-text("Save the unencrypted file")'),
    ]);
    // The name goes into the download history: the date and a random tag, no one's name.
    expect(md.suggestedFilename()).toMatch(/^session-\d{4}-\d{2}-\d{2}-[a-z0-9]{5}-process\.md$/);
    const text = readFileSync((await md.path())!, 'utf8');
    expect(text).toContain(NOTE_WORD);
    expect(text).toContain(MARK_TEXT);
    await panel.selectOption('#member-export', { label: AVERY });
    await panel.click('button:has-text("Export member file")');
    const [mine] = await Promise.all([
      panel.waitForEvent('download'),
      panel.click('[data-leaving] button:has-text("Save the unencrypted file")'),
    ]);
    expect(mine.suggestedFilename()).toMatch(/^session-\d{4}-\d{2}-\d{2}-[a-z0-9]{5}-member\.md$/);
    expect(mine.suggestedFilename()).not.toBe(md.suggestedFilename().replace('-process', '-member'));
    const member = readFileSync((await mine.path())!, 'utf8');
    expect(member).toContain(AVERY);
    expect(member).toContain(MARK_TEXT);
    expect(member).not.toContain(BLAKE);
    expect(member).not.toContain(GROUP);
  });

  test('no member name or id, category code, marker text or note word is anywhere in the profile on disk', async () => {
    await s.close();
    const found = await scanForSecrets(profileDir, [GROUP, AVERY, BLAKE, MARK_TEXT, NOTE_WORD, ...memberIds]);
    expect(found).toEqual([]);
    expect(outsideShippedCode(await scanForSecrets(profileDir, CODES))).toEqual([]);
    await expectNoPlaintext({
      profileDirs: [profileDir],
      secrets: [
        GROUP,
        AVERY,
        BLAKE,
        MARK_TEXT,
        NOTE_WORD,
        `The group talked about ${NOTE_WORD} and distance.`,
        ...memberIds,
      ],
      codeStrings: CODES,
    });
  });
});
