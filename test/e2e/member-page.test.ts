// The member page in real Chromium: twelve weekly sessions made through the
// panel (attendance set in the Attendance tab, markers about the member),
// then one member's page in History: the attendance strip and its table, the
// markers by family, the flag for missed sessions and its dismissal, at 360
// and 420 px, with no serious accessibility fault. Playwright's clock moves
// the week on between sessions. Then the signed client note travels in a
// backup file whose text is altered on the way: restored into a fresh
// profile, that signature is flagged as broken.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { makeTempDir, REPO_ROOT } from '../support/paths';
import { seriousViolations } from './support/axe';
import { addGroup, startSession } from '../support/journey';
import { createVault, openView, PASSPHRASE } from '../support/panel';
import { fieldCipher, unlockVault, wipe } from '../../crypto';
import { sha256 } from '../../recovery/recover';
import { rewrappedBackup } from '../../storage/backup';
import { parseBackup, type BackupRow } from '../../storage/backup-format';
import { bytesToBase64 } from '../../storage/base64';
import { openSealed, sealEntity } from '../../storage/sealed-table';
import { SEALED_SPECS } from '../../storage/sealed-specs';
import type { Note } from '../../domain/types';

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Thursday circle ${tag}`;
const ANA = `Ana Ferreira${tag}`;
const BEN = `Ben Adler${tag}`;
/** Three more members, there only in the last session: five client notes in all. */
const MORE = [`Cleo Marsh${tag}`, `Dev Okafor${tag}`, `Eli Stern${tag}`];
const WEEK = 7 * 24 * 3_600_000;
const ARTIFACTS = join(REPO_ROOT, 'test/e2e/artifacts');
/** Ana's attendance, oldest first: three misses among the last six sessions raise the flag. */
const ANA_WEEKS = ['present', 'late', 'present', 'present', 'left-early', 'present'];
const ANA_RECENT = ['absent', 'present', 'absent', 'late', 'absent', 'present'];
const dir = makeTempDir('squircle-tamper-');

describe('a member across twelve sessions', () => {
  let s: ChromiumSession;
  let panel: Page;

  beforeAll(async () => {
    s = await launchChromium();
    panel = await s.context.newPage();
    await panel.setViewportSize({ width: 360, height: 900 });
    await panel.clock.install();
    await panel.goto(s.extUrl('sidepanel.html'));
    await createVault(panel);
    await addGroup(panel, GROUP, [ANA, BEN, ...MORE]);
    const start = await panel.evaluate(() => Date.now());
    const statuses = [...ANA_WEEKS, ...ANA_RECENT];
    for (const [i, status] of statuses.entries()) {
      await panel.clock.setSystemTime(start + (i + 1) * WEEK);
      await startSession(panel, GROUP);
      if (status !== 'absent') {
        // A moment about Ana in the sessions she came to.
        await panel.click(`.chips button.member:has-text("${ANA}")`);
        await panel.click('button.big:has-text("Mark")');
      }
      await panel.click('[role="tab"]:has-text("Attendance")');
      await panel.selectOption(`label:has-text("${ANA}") + select`, status);
      await panel.selectOption(`label:has-text("${BEN}") + select`, 'present');
      if (i === statuses.length - 1) {
        for (const name of MORE) await panel.selectOption(`label:has-text("${name}") + select`, 'present');
      }
      await panel.click('button:has-text("End…")');
      await panel.click('button:has-text("End session")');
      await panel.waitForSelector('#start-owner');
    }
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 240_000);
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('History opens the member page: attendance, markers by family, and the flag for missed sessions', async () => {
    await openView(panel, 'History');
    await panel.waitForSelector('ul.sessions button');
    await panel.selectOption('#history-member', { label: ANA });
    await panel.waitForSelector('[data-member-page]');
    expect(await panel.textContent('#member-page-title')).toBe(`${ANA} across sessions`);
    expect(await panel.textContent('[data-attendance-summary]')).toBe(
      'Came to 9 of 12 recorded sessions (2 late, 1 left early); missed 3.',
    );
    const strip = panel.locator('.attendance-strip li');
    expect(await strip.count()).toBe(12);
    expect(await strip.evaluateAll((li) => li.map((x) => x.className.replace('att-', '')))).toEqual([
      ...ANA_WEEKS,
      ...ANA_RECENT,
    ]);
    expect(await panel.textContent('.family-bars')).toBe('Moment9');
    expect(await panel.textContent('[data-member-flag="absences"] p')).toMatch(/^Missed 3 of the last 6 sessions\./);
    expect(await seriousViolations(panel)).toEqual([]);
    await panel.screenshot({ path: join(ARTIFACTS, 'member-page-360.png'), fullPage: true });
    await panel.setViewportSize({ width: 420, height: 900 });
    await panel.screenshot({ path: join(ARTIFACTS, 'member-page-420.png'), fullPage: true });
  });

  test('the table shows the same sessions; a dismissed flag stays away on the next visit', async () => {
    await panel.click('button:has-text("Show table")');
    const rows = panel.locator('[data-member-table] tbody tr');
    expect(await rows.count()).toBe(12);
    expect(await rows.locator('td:first-of-type').allTextContents()).toEqual(
      [...ANA_WEEKS, ...ANA_RECENT].map(
        (x) => ({ present: 'Present', late: 'Late', absent: 'Absent' })[x] ?? 'Left early',
      ),
    );
    expect(await seriousViolations(panel)).toEqual([]);
    await panel.screenshot({ path: join(ARTIFACTS, 'member-page-table-420.png'), fullPage: true });
    await panel.click('[data-member-flag] button:has-text("Dismiss")');
    await panel.locator('[data-member-flag]').waitFor({ state: 'detached' });
    await panel.click('button:has-text("Back to history")');
    await panel.selectOption('#history-member', { label: ANA });
    await panel.waitForSelector('[data-member-page]');
    expect(await panel.locator('[data-member-flag]').count()).toBe(0);
  });

  test('the last session ends in five client notes, each prefilled from that member; one is saved', async () => {
    await panel.click('button:has-text("Back to history")');
    await panel.click('ul.sessions li:first-child button');
    const list = panel.locator('[data-client-notes] li[data-client-note]');
    await list.first().waitFor();
    expect(await list.locator('bdi').allTextContents()).toEqual([ANA, BEN, ...MORE]);
    expect(await list.locator('[data-client-note-state]').allTextContents()).toEqual(Array(5).fill('not written yet'));
    await panel.click(`[data-client-notes] button:has-text("${ANA}")`);
    const observed = panel.locator('[data-client-notes] textarea[id$="-objective"]');
    expect(await observed.inputValue()).toBe(
      [
        'Attendance: present for the whole session.',
        '',
        'Moments marked about Ana:',
        `- 0:00 Moment to come back to (${ANA})`,
      ].join('\n'),
    );
    expect(await panel.locator('[data-client-notes] textarea[id$="-assessment"]').inputValue()).toMatch(
      /^No risk was marked about Ana in this session\./,
    );
    await panel.fill('[data-client-notes] textarea[id$="-plan"]', 'Ask about the missed weeks.');
    await panel.click('button:has-text("Save client note")');
    await panel.locator('[data-client-notes] [role="status"]:has-text("Saved.")').waitFor();
    expect(await list.locator('[data-client-note-state]').allTextContents()).toEqual([
      'written',
      ...Array(4).fill('not written yet'),
    ]);
    expect(await seriousViolations(panel)).toEqual([]);
    await panel.setViewportSize({ width: 360, height: 900 });
    await panel.locator('[data-client-notes]').screenshot({ path: join(ARTIFACTS, 'client-notes-360.png') });
  });

  test('a signed client note is read-only; an amendment shows beside the original, both signed', async () => {
    await panel.setViewportSize({ width: 420, height: 900 });
    const item = panel.locator(`[data-client-notes] li[data-client-note]:has(bdi:text-is("${ANA}"))`);
    await item.locator('summary:has-text("Sign and lock")').click();
    await item.locator('input[id^="sign-"]').fill('R. Levi, LCSW');
    await item.locator('button:has-text("Sign and lock this client note")').click();
    const record = item.locator('[data-signed-note]');
    await record.waitFor();
    expect(await item.locator('textarea').count()).toBe(0);
    expect(await item.locator('[data-client-note-state]').textContent()).toBe('signed');
    expect(await record.locator('[data-seal="original"] .seal-line').textContent()).toMatch(
      /^Signed by R\. Levi, LCSW, .+ signature holds, this device$/,
    );
    await record.locator('button:has-text("Amend…")').click();
    await record.locator('textarea[id$="-plan"]').fill('Ask about the missed weeks, and about the lateness.');
    await record.locator('textarea[id$="-reason"]').fill('Lateness left out');
    await record.locator('input[id$="-name"]').fill('R. Levi, LCSW');
    await record.locator('button:has-text("Sign the amendment")').click();
    await record.locator('[data-seal="amendment"]').waitFor();
    expect(await record.locator('[data-seal] .badge').allTextContents()).toEqual([
      'signature holds, this device',
      'signature holds, this device',
    ]);
    expect(await record.locator('[data-seal="original"]').textContent()).toContain('Ask about the missed weeks.');
    expect(await record.locator('[data-seal="amendment"]').textContent()).toContain('Reason: Lateness left out');
    expect(await record.locator('[data-signature-broken]').count()).toBe(0);
    expect(await seriousViolations(panel)).toEqual([]);
    await item.screenshot({ path: join(ARTIFACTS, 'client-note-signed-420.png') });
  });

  test('a backup whose signed note was altered restores with that signature shown as broken', async () => {
    await openView(panel, 'Backup');
    const [dl] = await Promise.all([
      panel.waitForEvent('download'),
      panel.click('button:has-text("Save a backup file")'),
    ]);
    const good = join(dir, 'signed.squircle');
    await dl.saveAs(good);

    // The attacker in this model knows the passphrase (a colleague at the same
    // clinic, say): they open the backup with the product's own code, change
    // one word of the signed original and seal the file again, mac included,
    // exactly as the panel would. Only the leader's signing key, which never
    // leaves their device, is out of reach.
    const { file, rows } = parseBackup(readFileSync(good, 'utf8'));
    const vaultKey = await unlockVault(PASSPHRASE, file.wrapped);
    let altered = 0;
    try {
      const cipher = fieldCipher(vaultKey);
      const notes = rows.notes.map((row) => {
        // parseBackup checked each row's columns; the body opens as a note or throws.
        const entity = openSealed(SEALED_SPECS.notes, cipher, row).entity as Note;
        if (entity.signed?.fields.plan !== 'Ask about the missed weeks.')
          return file.tables.notes.find((r) => r.id === row.id)!;
        altered++;
        const signed = { ...entity.signed, fields: { ...entity.signed.fields, plan: 'Ask about the missed months.' } };
        const sealed = sealEntity(SEALED_SPECS.notes, cipher, { ...entity, signed });
        return { ...sealed, body: bytesToBase64(sealed.body) } as BackupRow;
      });
      const tampered = join(dir, 'tampered.squircle');
      writeFileSync(
        tampered,
        await rewrappedBackup({ ...file, tables: { ...file.tables, notes } }, file.wrapped, cipher, sha256),
      );
      expect(altered).toBe(1);

      const b = await launchChromium({ profileDir: join(dir, 'profile-b') });
      try {
        const pb = await b.context.newPage();
        await pb.setViewportSize({ width: 420, height: 900 });
        await pb.goto(b.extUrl('sidepanel.html'));
        await pb.setInputFiles('#restore-file', tampered);
        await pb.fill('#restore-pass', PASSPHRASE);
        await pb.click('button:has-text("Check and restore")');
        await pb.waitForSelector('nav[aria-label="Panel"]');
        await openView(pb, 'History');
        await pb.click('ul.sessions li:first-child button');
        const item = pb.locator(`[data-client-notes] li[data-client-note]:has(bdi:text-is("${ANA}"))`);
        await item.waitFor();
        const record = item.locator('[data-signed-note]');
        await pb.click(`[data-client-notes] button:has-text("${ANA}")`);
        await record.locator('[data-seal="amendment"] .badge, [data-seal="amendment"] .badge-warn').waitFor();
        expect(await record.locator('[data-signature-broken]').count()).toBe(1);
        expect(await record.locator('[data-signature-broken]').textContent()).toBe(
          'A signature below does not match this note: it was changed after it was signed. Do not rely on this ' +
            'record; compare it with a backup.',
        );
        // The altered original fails; the amendment, chained to the original's signature, still holds.
        // Neither says "this device": the identity key stays with the profile that signed.
        expect(await record.locator('[data-seal] .seal-line span').allTextContents()).toEqual([
          'signature does not match',
          'signature holds',
        ]);
        expect(await record.locator('[data-seal="original"]').textContent()).toContain('Ask about the missed months.');
        expect(await record.locator('[data-seal="amendment"]').textContent()).toContain(
          'Ask about the missed weeks, and about the lateness.',
        );
        expect(await seriousViolations(pb)).toEqual([]);
        await item.screenshot({ path: join(ARTIFACTS, 'client-note-tampered-420.png') });
      } finally {
        await b.close();
      }
    } finally {
      wipe(vaultKey);
    }
  });
});
