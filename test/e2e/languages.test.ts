// Issue 22: Squircle speaks the browser's language. A browser in Hebrew gets the panel and the settings page in
// Hebrew, right to left; a choice in Settings overrides the browser's language at once, in every open page. German
// and Spanish are shown in the same views; every screenshot is left in test/e2e/artifacts/<lang>-<width>-*.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { startSession } from '../support/journey';
import { PASSPHRASE } from '../support/panel';
import { REPO_ROOT } from '../support/paths';
import { seriousViolations } from './support/axe';

const ARTIFACTS = join(REPO_ROOT, 'test/e2e/artifacts');
const page = (p: Page) =>
  p.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

describe('a browser in Hebrew', () => {
  let s: ChromiumSession;
  let panel: Page;

  beforeAll(async () => {
    // Chromium on Linux takes its UI language from the environment; --lang is for the other systems.
    s = await launchChromium({ args: ['--lang=he'], env: { LANGUAGE: 'he', LANG: 'he_IL.UTF-8' } });
    mkdirSync(ARTIFACTS, { recursive: true });
    panel = await s.context.newPage();
    await panel.setViewportSize({ width: 360, height: 760 });
    await panel.goto(s.extUrl('sidepanel.html'));
  });
  afterAll(async () => {
    await s?.close();
  });

  test('the panel opens in Hebrew, right to left, from creating the vault to its views', async () => {
    await panel.waitForSelector('#create-title');
    expect(await page(panel)).toEqual({ lang: 'he', dir: 'rtl' });
    expect(await panel.textContent('#create-title')).toBe('הגדרת הכספת');
    await panel.screenshot({ path: join(ARTIFACTS, 'he-360-create-vault.png') });
    await panel.fill('#new-pass', PASSPHRASE);
    await panel.fill('#new-pass-again', PASSPHRASE);
    await panel.click('button[type="submit"]:has-text("יצירת כספת")');
    const nav = panel.locator('nav[aria-label="חלונית"]');
    await nav.waitFor();
    for (const label of ['מפגש', 'הנחיה משותפת', 'היסטוריה', 'פתק', 'גיבוי'])
      await expect.poll(() => nav.locator(`button:has-text("${label}")`).count()).toBe(1);
    // The navigation runs right to left: its first view sits at the right edge.
    const first = await nav.locator('button').first().boundingBox();
    const last = await nav.locator('button').last().boundingBox();
    expect(first!.x).toBeGreaterThan(last!.x);
    await panel.screenshot({ path: join(ARTIFACTS, 'he-360-home.png'), fullPage: true });
    await nav.locator('button:has-text("פתק")').click();
    await expect.poll(() => panel.textContent('#scratch-title')).toBe('פתק אישי');
    for (const width of [360, 420]) {
      await panel.setViewportSize({ width, height: 760 });
      await panel.screenshot({ path: join(ARTIFACTS, `he-${width}-scratch.png`), fullPage: true });
    }
  });

  /** The page is no wider than its window: no text pushes it out sideways. */
  const fits = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  const view = (p: Page, label: string) => p.locator(`nav button:has-text("${label}")`).click();

  test('the roster and the safety views fit at 360 px in Hebrew, a Latin name kept apart from the Hebrew', async () => {
    await panel.setViewportSize({ width: 360, height: 760 });
    await view(panel, 'קבוצות ומטופלים');
    await panel.click('button:has-text("הוספת קבוצה")');
    await panel.fill('#g-name', 'Tuesday North');
    await panel.click('button[type="submit"]:has-text("שמירת הקבוצה")');
    await panel.click('button:has-text("הוספת משתתף/ת")');
    await panel.locator('form.editor input[id$="-name"]').fill('Ana');
    await panel.click('button[type="submit"]:has-text("שמירה והוספה של עוד אחד/ת")');
    await expect.poll(() => panel.locator('.members bdi:has-text("Ana")').count()).toBe(1);
    await panel.click('button:has-text("סיום")');
    expect(await panel.locator('bdi:has-text("Tuesday North")').count()).toBe(1);
    expect(await fits(panel)).toBe(true);
    await panel.screenshot({ path: join(ARTIFACTS, 'he-360-roster.png'), fullPage: true });
    await view(panel, 'בטיחות וסינון');
    await panel.click('button:has-text("פרטי בטיחות")');
    await panel.waitForSelector('h3:has-text("פרטי בטיחות")');
    expect(await fits(panel)).toBe(true);
    await panel.screenshot({ path: join(ARTIFACTS, 'he-360-safety.png'), fullPage: true });
  });

  test('the settings page is in Hebrew; choosing English there turns every open page to English', async () => {
    const options = await s.context.newPage();
    await options.setViewportSize({ width: 420, height: 900 });
    await options.goto(s.extUrl('options.html'));
    await options.waitForSelector('#language');
    expect(await page(options)).toEqual({ lang: 'he', dir: 'rtl' });
    expect(await options.textContent('h1')).toBe('ההגדרות של Squircle');
    expect(await options.inputValue('#language')).toBe('auto');
    await options.screenshot({ path: join(ARTIFACTS, 'he-420-options.png'), fullPage: true });
    await options.selectOption('#language', 'en');
    await expect.poll(() => page(options)).toEqual({ lang: 'en', dir: 'ltr' });
    await expect.poll(() => options.textContent('h1')).toBe('Squircle settings');
    // The panel follows the setting without being reopened.
    await expect.poll(() => page(panel)).toEqual({ lang: 'en', dir: 'ltr' });
    await panel.locator('nav[aria-label="Panel"] button:has-text("Scratch")').waitFor();
    await panel.bringToFront();
    await headerWhole('en');
    await options.selectOption('#language', 'auto');
    await expect.poll(() => page(panel)).toEqual({ lang: 'he', dir: 'rtl' });
    await options.close();
  });

  /** The product's name in the header, whole (not cut to "Squi…") beside the header's buttons, at 360 and 420 px. */
  const headerWhole = async (lang: string) => {
    for (const width of [360, 420]) {
      await panel.setViewportSize({ width, height: 760 });
      const header = panel.locator('header.top');
      const title = await header.locator('.title').evaluate((e) => ({
        name: e.textContent,
        whole: e.scrollWidth <= e.clientWidth,
      }));
      expect({ lang, width, ...title }).toEqual({ lang, width, name: 'Squircle', whole: true });
      expect(await fits(panel)).toBe(true);
      await header.screenshot({ path: join(ARTIFACTS, `${lang}-${width}-header.png`) });
    }
    await panel.setViewportSize({ width: 360, height: 760 });
  };

  /** The Co-leaders and Practice views, the first-run guide and the Help page, at both widths, in `lang`. */
  const coleaderPracticeHelp = async (
    lang: 'he' | 'de' | 'es',
    labels: { coleaders: string; practice: string; session: string },
  ) => {
    for (const width of [360, 420]) {
      await panel.setViewportSize({ width, height: 760 });
      await view(panel, labels.session);
      await panel.waitForSelector('.firstrun');
      expect(await fits(panel)).toBe(true);
      await panel.locator('.firstrun').screenshot({ path: join(ARTIFACTS, `${lang}-${width}-firstrun.png`) });
      await view(panel, labels.coleaders);
      await panel.waitForSelector('[data-group-channel] [data-topic-prefix]', { state: 'attached' });
      expect(await fits(panel)).toBe(true);
      await panel.screenshot({ path: join(ARTIFACTS, `${lang}-${width}-coleaders.png`), fullPage: true });
      await view(panel, labels.practice);
      await panel.waitForSelector('#practice-title');
      expect(await fits(panel)).toBe(true);
      await panel.screenshot({ path: join(ARTIFACTS, `${lang}-${width}-practice.png`), fullPage: true });
    }
    const help = await s.context.newPage();
    await help.goto(s.extUrl('help.html'));
    await help.waitForSelector('#help-keys');
    expect(await page(help)).toEqual({ lang, dir: lang === 'he' ? 'rtl' : 'ltr' });
    for (const width of [360, 420]) {
      await help.setViewportSize({ width, height: 900 });
      expect(await fits(help)).toBe(true);
      await help.screenshot({ path: join(ARTIFACTS, `${lang}-${width}-help.png`), fullPage: true });
    }
    const title = await help.title();
    await help.close();
    return title;
  };

  test('Co-leaders, Practice, the guide and Help are in Hebrew, right to left, at 360 and 420 px', async () => {
    // An invite gives the group a channel (on the practice broker, not running here): its card shows it all.
    await headerWhole('he');
    await view(panel, 'הנחיה משותפת');
    await panel.click('[data-group-channel] button:has-text("הזמנת מנחה שותף/ה")');
    expect(await coleaderPracticeHelp('he', { coleaders: 'הנחיה משותפת', practice: 'תרגול', session: 'מפגש' })).toBe(
      'עזרה · Squircle',
    );
    // A Latin group name keeps its own direction in the Hebrew card, and the channel's topics read left to right.
    await view(panel, 'הנחיה משותפת');
    expect(await panel.textContent('#meet-title')).toBe('איפה נפגשים?');
    expect(await panel.locator('[data-group-channel] h2 bdi:has-text("Tuesday North")').count()).toBe(1);
    expect(await panel.getAttribute('[data-topic-prefix]', 'dir')).toBe('ltr');
  });

  test('the header, the same views and the settings page fit at 360 px in German', async () => {
    const options = await s.context.newPage();
    await options.setViewportSize({ width: 360, height: 900 });
    await options.goto(s.extUrl('options.html'));
    await options.waitForSelector('#language');
    await options.selectOption('#language', 'de');
    await expect.poll(() => page(panel)).toEqual({ lang: 'de', dir: 'ltr' });
    await expect.poll(() => options.textContent('h1')).toBe('Squircle-Einstellungen');
    expect(await fits(options)).toBe(true);
    await options.screenshot({ path: join(ARTIFACTS, 'de-360-options.png'), fullPage: true });
    // A page in the background draws no frames for a screenshot until it is in front again.
    await panel.bringToFront();
    await headerWhole('de');
    await view(panel, 'Sicherheit und Screening');
    await panel.click('button:has-text("Sicherheitsangaben")');
    await panel.waitForSelector('h3:has-text("Sicherheitsangaben")');
    expect(await fits(panel)).toBe(true);
    await panel.screenshot({ path: join(ARTIFACTS, 'de-360-safety.png'), fullPage: true });
    await view(panel, 'Gruppen und Klient:innen');
    await panel.waitForSelector('button:has-text("Gruppe hinzufügen")');
    expect(await fits(panel)).toBe(true);
    await panel.screenshot({ path: join(ARTIFACTS, 'de-360-roster.png'), fullPage: true });
    expect(await coleaderPracticeHelp('de', { coleaders: 'Co-Leitung', practice: 'Üben', session: 'Sitzung' })).toBe(
      'Hilfe · Squircle',
    );
    await options.selectOption('#language', 'auto');
    await expect.poll(() => page(panel)).toEqual({ lang: 'he', dir: 'rtl' });
    await options.close();
  });

  test('the header and the same views in Spanish fit at 360 and 420 px, with no serious axe violation', async () => {
    const options = await s.context.newPage();
    await options.setViewportSize({ width: 360, height: 900 });
    await options.goto(s.extUrl('options.html'));
    await options.waitForSelector('#language');
    await options.selectOption('#language', 'es');
    await expect.poll(() => page(panel)).toEqual({ lang: 'es', dir: 'ltr' });
    await expect.poll(() => options.textContent('h1')).toBe('Ajustes de Squircle');
    expect(await fits(options)).toBe(true);
    expect(await seriousViolations(options)).toEqual([]);
    await options.screenshot({ path: join(ARTIFACTS, 'es-360-options.png'), fullPage: true });
    await panel.bringToFront();
    await headerWhole('es');
    await view(panel, 'Seguridad y cribado');
    await panel.click('button:has-text("Ficha de seguridad")');
    await panel.waitForSelector('h3:has-text("Ficha de seguridad")');
    expect(await fits(panel)).toBe(true);
    expect(await seriousViolations(panel)).toEqual([]);
    await panel.screenshot({ path: join(ARTIFACTS, 'es-360-safety.png'), fullPage: true });
    await view(panel, 'Grupos y pacientes');
    await panel.waitForSelector('button:has-text("Añadir grupo")');
    expect(await fits(panel)).toBe(true);
    expect(await seriousViolations(panel)).toEqual([]);
    await panel.screenshot({ path: join(ARTIFACTS, 'es-360-roster.png'), fullPage: true });
    expect(
      await coleaderPracticeHelp('es', { coleaders: 'Coterapeutas', practice: 'Práctica', session: 'Sesión' }),
    ).toBe('Ayuda · Squircle');
    for (const label of ['Coterapeutas', 'Práctica']) {
      await view(panel, label);
      expect({ label, violations: await seriousViolations(panel) }).toEqual({ label, violations: [] });
    }
    await options.selectOption('#language', 'auto');
    await expect.poll(() => page(panel)).toEqual({ lang: 'he', dir: 'rtl' });
    await options.close();
  });

  test('the practice call offers its scenarios in the chosen language, Hebrew right to left', async () => {
    const options = await s.context.newPage();
    await options.goto(s.extUrl('options.html'));
    await options.waitForSelector('#language');
    const call = await s.context.newPage();
    await call.setViewportSize({ width: 900, height: 800 });
    for (const [lang, heading, scenario, title] of [
      ['es', 'Practicar un escenario', 'Los tres primeros minutos (3 min)', 'Llamada de práctica'],
      ['de', 'Ein Szenario üben', 'Die ersten drei Minuten (3 Min.)', 'Übungsanruf'],
      ['he', 'תרגול תרחיש', 'שלוש הדקות הראשונות (3 דק׳)', 'שיחת תרגול'],
    ] as const) {
      await options.selectOption('#language', lang);
      await expect.poll(() => page(panel)).toMatchObject({ lang });
      await call.goto(s.extUrl('practice.html'));
      await expect.poll(() => call.textContent('#scenario-title')).toBe(heading);
      expect(await page(call)).toEqual({ lang, dir: lang === 'he' ? 'rtl' : 'ltr' });
      expect(await call.locator('#scenario option').first().textContent()).toBe(scenario);
      expect(await call.textContent('.intro > h1')).toBe(title);
      expect(await call.textContent('#scenario-summary')).not.toMatch(/\b(the|and|your)\b/);
      await call.screenshot({ path: join(ARTIFACTS, `${lang}-practice-call.png`) });
    }
    await call.close();
    await options.selectOption('#language', 'auto');
    await expect.poll(() => page(panel)).toEqual({ lang: 'he', dir: 'rtl' });
    await options.close();
  });

  test('a past session and a member page read in Hebrew, German and Spanish, and fit at 360 and 420 px', async () => {
    const options = await s.context.newPage();
    await options.goto(s.extUrl('options.html'));
    await options.waitForSelector('#language');
    await panel.bringToFront();
    // The session is run in English, where the journey's helpers find their buttons.
    await options.selectOption('#language', 'en');
    await expect.poll(() => page(panel)).toEqual({ lang: 'en', dir: 'ltr' });
    await startSession(panel, 'Tuesday North');
    await panel.click('[role="tab"]:has-text("Attendance")');
    await panel.selectOption('label:has-text("Ana") + select', 'late');
    await panel.click('button:has-text("End…")');
    await panel.click('button:has-text("End session")');
    await panel.waitForSelector('#start-owner');
    for (const [lang, history, title] of [
      ['he', 'היסטוריה', 'Ana לאורך המפגשים'],
      ['de', 'Verlauf', 'Ana über alle Sitzungen'],
      ['es', 'Historial', 'Ana a lo largo de las sesiones'],
    ] as const) {
      await options.selectOption('#language', lang);
      await expect.poll(() => page(panel)).toMatchObject({ lang });
      await panel.setViewportSize({ width: 360, height: 760 });
      await view(panel, history);
      await panel.click('ul.sessions li:first-child button');
      await panel.waitForSelector('#detail-title bdi:has-text("Tuesday North")');
      expect(await fits(panel)).toBe(true);
      for (const width of [360, 420]) {
        await panel.setViewportSize({ width, height: 760 });
        await panel.screenshot({ path: join(ARTIFACTS, `${lang}-${width}-session.png`), fullPage: true });
      }
      await panel.locator('.row:has(#detail-title) button').click();
      await panel.selectOption('#history-member', { label: 'Ana' });
      await expect.poll(() => panel.textContent('#member-page-title')).toBe(title);
      for (const width of [360, 420]) {
        await panel.setViewportSize({ width, height: 760 });
        expect(await fits(panel)).toBe(true);
        await panel.screenshot({ path: join(ARTIFACTS, `${lang}-${width}-member-page.png`), fullPage: true });
      }
      await panel.locator('[data-member-page] > button').first().click();
    }
    await options.selectOption('#language', 'auto');
    await expect.poll(() => page(panel)).toEqual({ lang: 'he', dir: 'rtl' });
    await options.close();
  });
  test('the composer offers a prompt in Hebrew and German with the name apart; a bad invite says why', async () => {
    const options = await s.context.newPage();
    await options.goto(s.extUrl('options.html'));
    await options.waitForSelector('#language');
    await options.selectOption('#language', 'en');
    await expect.poll(() => page(panel)).toEqual({ lang: 'en', dir: 'ltr' });
    await startSession(panel, 'Tuesday North');
    for (const [lang, labels, thought, prompt, invite] of [
      [
        'he',
        { session: 'מפגש', tab: 'הנחיה משותפת', coleaders: 'הנחיה משותפת' },
        'Ana שותקת כבר הרבה זמן, אפשר להזמין אותה?',
        'כבר זמן מה לא שמענו ממך',
        'בהזמנה יש שגיאת הקלדה',
      ],
      [
        'de',
        { session: 'Sitzung', tab: 'Co-Leitung', coleaders: 'Co-Leitung' },
        'Ana ist so still, kannst du sie einladen?',
        'von Ihnen haben wir eine Weile nichts gehört',
        'Diese Einladung enthält einen Tippfehler',
      ],
    ] as const) {
      await options.selectOption('#language', lang);
      await expect.poll(() => page(panel)).toMatchObject({ lang });
      await panel.setViewportSize({ width: 360, height: 760 });
      await view(panel, labels.session);
      await panel.click(`[role="tab"]:has-text("${labels.tab}")`);
      await panel.fill('#composer-text', thought);
      const spoken = panel.locator('[data-spoken]');
      await expect.poll(() => spoken.textContent()).toContain(prompt);
      expect(await spoken.locator('bdi').textContent()).toBe('Ana');
      for (const width of [360, 420]) {
        await panel.setViewportSize({ width, height: 760 });
        expect(await fits(panel)).toBe(true);
        await panel.locator('.composer').screenshot({ path: join(ARTIFACTS, `${lang}-${width}-composer.png`) });
      }
      await panel.fill('#composer-text', '');
      await view(panel, labels.coleaders);
      await panel.fill('#join-text', 'not an invite');
      await panel.fill('#join-code', '123456');
      await panel.click('form:has(#join-title) button[type="submit"]');
      const alert = panel.locator('form:has(#join-title) [role="alert"]');
      await expect.poll(() => alert.textContent()).toContain(invite);
      for (const width of [360, 420]) {
        await panel.setViewportSize({ width, height: 760 });
        expect(await fits(panel)).toBe(true);
        await panel
          .locator('form:has(#join-title)')
          .screenshot({ path: join(ARTIFACTS, `${lang}-${width}-join-error.png`) });
      }
    }
    await options.selectOption('#language', 'auto');
    await expect.poll(() => page(panel)).toEqual({ lang: 'he', dir: 'rtl' });
    await options.close();
  });
});
