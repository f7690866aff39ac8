// Issue 22 items 1 and 4: the clinical texts of the domain (checklist, jurisdiction rules, screening, categories,
// templates) follow the chosen language, and an export written in German names its dates in German, in the
// browser's time zone, which it names. Screenshots of the checklist and the screening in Hebrew and German at 360
// and 420 px go to test/e2e/artifacts for review.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { addGroup, startSession } from '../support/journey';
import { createVault, openView } from '../support/panel';
import { REPO_ROOT } from '../support/paths';

const ARTIFACTS = join(REPO_ROOT, 'test/e2e/artifacts');
const GROUP = 'Tuesday North';
const ANA = 'Ana Ruiz';
const ZONE = 'Europe/Berlin';

const lang = (p: Page) => p.evaluate(() => document.documentElement.lang);
const fits = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('records in the chosen language', () => {
  let s: ChromiumSession;
  let panel: Page;
  let options: Page;

  /** Chooses the language in Settings and waits until the panel shows it. */
  async function choose(language: string): Promise<void> {
    await options.selectOption('#language', language);
    await expect.poll(() => lang(panel)).toBe(language);
  }

  /** The session's Safety tab with the session checks unfolded (a language change renders the panel anew). */
  async function openChecklist(): Promise<void> {
    await panel.click('#session-tab-safety');
    await panel.locator('[data-checklist]').waitFor();
    const fold = panel.locator('[data-checklist] details.fold');
    if (!(await fold.evaluate((d) => (d as HTMLDetailsElement).open))) await fold.locator('summary').click();
  }

  async function shoot(name: string): Promise<void> {
    for (const width of [360, 420]) {
      await panel.setViewportSize({ width, height: 900 });
      expect(await fits(panel)).toBe(true);
      await panel.screenshot({ path: join(ARTIFACTS, `${name.replace('*', String(width))}.png`), fullPage: true });
    }
    await panel.setViewportSize({ width: 360, height: 900 });
  }

  beforeAll(async () => {
    s = await launchChromium({ env: { TZ: ZONE } });
    mkdirSync(ARTIFACTS, { recursive: true });
    panel = await s.context.newPage();
    await panel.setViewportSize({ width: 360, height: 900 });
    await panel.goto(s.extUrl('sidepanel.html'));
    await panel.waitForSelector('#new-pass');
    await createVault(panel);
    options = await s.context.newPage();
    await options.goto(s.extUrl('options.html'));
    await options.waitForSelector('#language');
  });
  afterAll(async () => {
    await s?.close();
  });

  test('the checklist and its jurisdiction rule read in Hebrew and German', async () => {
    await addGroup(panel, GROUP, [ANA]);
    await openView(panel, 'Safety and screening');
    await panel.selectOption('#safety-group', { label: GROUP });
    const row = panel.locator('section[aria-labelledby="group-safety-title"] > ul > li').filter({ hasText: ANA });
    await row.locator('button:has-text("Safety record")').click();
    const form = panel.locator(`form[aria-label="Safety record for ${ANA}"]`);
    await form.locator('[id$="-region"]').fill('Israel');
    await form.locator('button[type="submit"]').click();
    await form.waitFor({ state: 'detached' });
    await startSession(panel, GROUP);
    await openChecklist();
    const warning = panel.locator('[data-jurisdiction-warning]');
    const rule = panel.locator('[data-jurisdiction-rule="IL"]');
    await expect.poll(() => warning.textContent()).toContain('No licence is recorded in your leader profile.');
    await expect.poll(() => rule.textContent()).toContain('Israel: emergency 101; crisis line 1201.');

    await choose('he');
    await openChecklist();
    await expect.poll(() => rule.textContent()).toContain('ישראל: חירום 101; קו חירום נפשי 1201.');
    expect(await warning.textContent()).toContain('לא רשום רישיון בפרופיל המנחה שלך.');
    expect(await panel.locator('[data-checklist]').textContent()).toContain('ההקלטה והתמלול האוטומטי כבויים');
    await shoot('he-*-checklist');

    await choose('de');
    await openChecklist();
    await expect.poll(() => rule.textContent()).toContain('Israel: Notruf 101; Krisentelefon 1201.');
    expect(await panel.locator('[data-checklist]').textContent()).toContain(
      'Aufzeichnung und automatische Transkripte sind ausgeschaltet',
    );
    await shoot('de-*-checklist');
    await choose('en');
  });

  test('a session exported in German names its date in German and the time zone', async () => {
    await panel.click('#session-tab-markers');
    await panel.click('button.big:has-text("Mark")');
    await panel.locator('ul.markers > li').first().waitFor();
    await panel.click('button:has-text("End…")');
    await panel.click('button:has-text("End session")');
    await panel.waitForSelector('#start-owner');
    // A language change renders the panel anew, so German is chosen before the session is opened in History.
    await choose('de');
    await panel.click('nav button:has-text("Verlauf")');
    await panel.click(`ul.sessions button:has-text("${GROUP}")`);
    // The export buttons follow the preview of the export; found by place, as their words change with the language.
    const exportRow = panel.locator('details.preview + [role="group"]');
    await exportRow.waitFor();
    const [download] = await Promise.all([
      panel.waitForEvent('download'),
      exportRow
        .locator('button')
        .first()
        .click()
        .then(() => panel.locator('[data-leaving] .row button').first().click()),
    ]);
    const md = readFileSync((await download.path())!, 'utf8');
    const started = await panel.evaluate(() => Date.now());
    const offset = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, timeZoneName: 'longOffset' })
      .formatToParts(started)
      .find((p) => p.type === 'timeZoneName')!
      .value.replace('GMT', 'UTC');
    const day = new Intl.DateTimeFormat('de-DE', {
      timeZone: ZONE,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    }).format(started);
    expect(md).toMatch(new RegExp(`^# ${GROUP}: Sitzung vom \\S+ ${day.replace(/\./g, '\\.')}, \\d{2}:\\d{2}\\n`));
    expect(md).toContain(`Zeiten: ${ZONE}, ${offset}`);
    expect(md).toContain('Art der Notiz: Psychotherapie-(Prozess-)Notizen');
    expect(md).toContain('## Zeitleiste');
    expect(md).toContain('Moment, auf den ich zurückkommen will');
    expect(md).toContain('## Checkliste vor der Sitzung');
    await choose('en');
  });
});
