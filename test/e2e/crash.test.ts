// The browser process killed (SIGKILL, no chance to flush) in the two moments
// where it costs most: while a note is being typed, and in the middle of a
// backup import. Relaunched on the same profile, the vault unlocks and
// (1) the note holds everything typed up to 2 s before the kill, (2) the old
// data is there and readable, nothing of the half-done import is, and the
// import then runs cleanly.
import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createVault as createVaultKey, fieldCipher } from '../../crypto';
import type { KdfCost } from '../../crypto/types';
import type { GroupMeasure } from '../../domain/gcq';
import type { Marker } from '../../domain/types';
import { exportBackup } from '../../storage/backup';
import { SquircleDb } from '../../storage/db';
import { GroupsRepo, MembersRepo } from '../../storage/roster-repo';
import { sealEntity } from '../../storage/sealed-table';
import { measureSpec } from '../../storage/safety-tables';
import { SessionsRepo } from '../../storage/sessions-repo';
import { markerSpec } from '../../storage/tables';
import { VaultStore } from '../../storage/vault-store';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { makeTempDir } from '../support/paths';
import { addGroup } from '../support/journey';
import { createVault, openView, PASSPHRASE, unlock } from '../support/panel';
import { expectNoPlaintext } from './support/no-plaintext';

const tag = Math.random().toString(36).slice(2, 10);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The browser processes started on this profile: [pid, is the main browser process]. */
function chromiumProcesses(profileDir: string): { pid: number; main: boolean }[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.includes(`--user-data-dir=${profileDir}`))
    .map((l) => ({ pid: Number(l.trim().split(/\s+/)[0]), main: !l.includes(' --type=') }));
}

/**
 * SIGKILLs the browser process of this profile (a persistent context has no
 * Browser object to ask) and waits until every process of it is gone.
 * Returns the instant of the kill.
 */
async function killBrowser(s: ChromiumSession): Promise<number> {
  const main = chromiumProcesses(s.profileDir).filter((p) => p.main);
  expect(main).toHaveLength(1);
  const at = Date.now();
  process.kill(main[0]!.pid, 'SIGKILL');
  const closed = s.context.close().catch(() => undefined);
  const end = Date.now() + 20_000;
  while (chromiumProcesses(s.profileDir).length) {
    // Children normally follow their browser within a moment; ours to clean up if not.
    if (Date.now() > end) for (const p of chromiumProcesses(s.profileDir)) process.kill(p.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
  }
  await Promise.race([closed, new Promise((r) => setTimeout(r, 5_000))]);
  return at;
}

async function openPanel(s: ChromiumSession): Promise<Page> {
  const panel = await s.context.newPage();
  await panel.goto(s.extUrl('sidepanel.html'));
  return panel;
}

/** Row counts of some tables, read from the extension's own IndexedDB. */
function countRows(panel: Page, tables: string[]): Promise<Record<string, number>> {
  return panel.evaluate(async (names) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('squircle');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const out: Record<string, number> = {};
    for (const n of names) {
      out[n] = await new Promise<number>((resolve) => {
        const req = db.transaction(n).objectStore(n).count();
        req.onsuccess = () => resolve(req.result);
      });
    }
    db.close();
    return out;
  }, tables);
}

describe('the browser killed while a note is typed', () => {
  test('relaunched, the scratch note holds everything typed up to 2 s before the kill', async () => {
    const profileDir = makeTempDir('squircle-crash-note-');
    dirs.push(profileDir);
    const first = await launchChromium({ profileDir });
    const panel = await openPanel(first);
    await createVault(panel);
    await openView(panel, 'Scratch');
    await panel.click('#scratch');

    // Steady typing, a key every ~60 ms and never a pause: word by word, each
    // character's arrival in the field timed on this side.
    const words = Array.from({ length: 400 }, (_, i) => `w${String(i).padStart(3, '0')}${tag}`);
    const text = words.join(' ');
    const typedAt: number[] = [];
    let stop = false;
    const typing = (async () => {
      for (const ch of text) {
        if (stop) return;
        await panel.keyboard.type(ch);
        typedAt.push(Date.now());
        await new Promise((r) => setTimeout(r, 60));
      }
    })().catch(() => undefined); // the kill ends it mid-keystroke

    // Kill after a known instant: 8 s into the typing, well past any save delay.
    await expect.poll(() => typedAt.length, { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
    const started = typedAt[0]!;
    await expect.poll(() => Date.now() - started, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(8_000);
    const killedAt = await killBrowser(first);
    stop = true;
    await typing;
    const mustHave = typedAt.filter((t) => t <= killedAt - 2_000).length;
    expect(mustHave).toBeGreaterThan(20);
    expect(typedAt.length).toBeLessThan(text.length); // still typing when killed

    const second = await launchChromium({ profileDir });
    try {
      const again = await openPanel(second);
      await unlock(again);
      await openView(again, 'Scratch');
      await again.waitForSelector('#scratch');
      const saved = await again.inputValue('#scratch');
      console.log(
        `crash/note: typed ${typedAt.length} chars, ${mustHave} of them 2 s before the kill; ${saved.length} saved`,
      );
      // Everything up to 2 s before the kill, in order and unchanged; nothing that was never typed.
      expect(text.startsWith(saved)).toBe(true);
      expect(saved.length).toBeGreaterThanOrEqual(mustHave);
    } finally {
      await second.close();
    }
    // Not even the half-written files of the killed browser hold the note.
    await expectNoPlaintext({
      profileDirs: [profileDir],
      secrets: [tag, `${words[0]} ${words[1]}`, words[10]!, PASSPHRASE],
    });
  });
});

// The backup: one group, many markers and many climate ratings, built with
// the real sealing and exported with the real export, under its own vault.
const BACKUP_PASS = 'backup orchard kettle 58';
const BACKUP_GROUP = `Backup circle ${tag}`;
const OLD_GROUP = `Old circle ${tag}`;
const OLD_MEMBER = `Perpetua Vane${tag}`;
const OLD_SCRATCH = `old scratch ${tag} stays`;
const COST: KdfCost = { v: 1, alg: 'argon2id', memKiB: 8192, iterations: 1, parallelism: 1 };
const MARKERS = 12_000;
const MEASURES = 30_000;

async function bigBackup(file: string): Promise<number> {
  const db = new SquircleDb(`big-${crypto.randomUUID()}`);
  const { wrapped, vaultKey } = await createVaultKey(BACKUP_PASS, COST);
  await new VaultStore(db).putWrapped(wrapped);
  const cipher = fieldCipher(vaultKey);
  const group = await new GroupsRepo(db, cipher).create({
    name: BACKUP_GROUP,
    kind: 'closed',
    schedule: '',
    coLeaders: [],
  });
  const member = await new MembersRepo(db, cipher).create({ groupId: group.id, name: `Member ${tag}`, pronouns: '' });
  const session = await new SessionsRepo(db, cipher).start({
    ownerKind: 'group',
    ownerId: group.id,
    platform: 'meet',
    meetingHash: '',
  });
  const markers = Array.from({ length: MARKERS }, (_, i): Marker => ({
    id: `bm-${i}`,
    sessionId: session.id,
    at: i * 1000,
    wallAt: session.startedAt + i * 1000,
    category: 'general.mark',
    memberId: i % 3 ? null : member.id,
    text: `backup marker ${i} ${tag}`,
    auto: false,
    author: 'device-b',
    deleted: false,
    updatedAt: session.startedAt,
  }));
  await db.markers.bulkPut(markers.map((m) => sealEntity(markerSpec, cipher, m)));
  // Measures come last in a backup: the import is still writing them after its progress passes 60 %.
  const measures = Array.from({ length: MEASURES }, (_, i): GroupMeasure => ({
    id: `bq-${i}`,
    groupId: group.id,
    sessionId: session.id,
    at: session.startedAt + i,
    memberId: null,
    gcq: Array.from({ length: 12 }, (_, k) => (i + k) % 7),
    alliance: { goal: 4, task: 5, bond: 6 },
    remark: `rating ${i} ${tag}`,
    updatedAt: session.startedAt,
  }));
  await db.measures.bulkPut(measures.map((m) => sealEntity(measureSpec, cipher, m)));
  const digest = async (bytes: Uint8Array) =>
    new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  writeFileSync(file, await exportBackup(db, { cipher, digest }));
  db.close();
  await db.delete();
  return 3 + MARKERS + MEASURES; // the group, its member and the session, then the markers and ratings
}

/** Chooses the file and passphrase in the Backup view and starts the import. */
async function startImport(panel: Page, file: string): Promise<void> {
  await openView(panel, 'Backup');
  await panel.setInputFiles('#backup-file', file);
  await panel.fill('#backup-pass', BACKUP_PASS);
  await panel.click('button:has-text("Check and restore")');
}

/** The import's progress in percent, or -1 while none shows. */
const progress = (panel: Page) =>
  panel.evaluate(() => {
    const m = /Working… (\d+) %/.exec(document.body.innerText);
    return m ? Number(m[1]) : -1;
  });

describe('the browser killed during a backup import', () => {
  test('relaunched: the old data is readable, nothing half-imported, and the import runs again cleanly', async () => {
    const dir = makeTempDir('squircle-crash-backup-');
    const profileDir = makeTempDir('squircle-crash-import-');
    dirs.push(dir, profileDir);
    const file = join(dir, 'big.squircle');
    const backupRows = await bigBackup(file);
    expect(statSync(file).size).toBeGreaterThan(10_000_000);

    const first = await launchChromium({ profileDir });
    const panel = await openPanel(first);
    await createVault(panel);
    await addGroup(panel, OLD_GROUP, [OLD_MEMBER]);
    await openView(panel, 'Scratch');
    await panel.fill('#scratch', OLD_SCRATCH);
    await panel.waitForSelector('[data-status="saved"]');
    const TABLES = ['groups', 'members', 'sessions', 'markers', 'measures', 'vault'];
    const oldCounts = await countRows(panel, TABLES);
    expect(oldCounts).toEqual({ groups: 1, members: 1, sessions: 0, markers: 0, measures: 0, vault: 1 });

    await startImport(panel, file);
    // Mid-way: past the checks (50 %) and the markers, while the last table is written in the import's one transaction.
    const pastSixty = () => Number(/Working… (\d+) %/.exec(document.body.innerText)?.[1] ?? -1) >= 60;
    await panel.waitForFunction(pastSixty, null, {
      timeout: 90_000,
      polling: 20,
    });
    await killBrowser(first);

    const second = await launchChromium({ profileDir });
    try {
      const again = await openPanel(second);
      await unlock(again);
      // The old data is there and readable…
      await openView(again, 'Groups and clients');
      await again.waitForSelector(`article.group[aria-label="${OLD_GROUP}"] li:has-text("${OLD_MEMBER}")`);
      expect(await again.locator(`article.group[aria-label="${BACKUP_GROUP}"]`).count()).toBe(0);
      await openView(again, 'Scratch');
      await again.waitForSelector('#scratch');
      expect(await again.inputValue('#scratch')).toBe(OLD_SCRATCH);
      // …and not one row of the killed import was written.
      expect(await countRows(again, TABLES)).toEqual(oldCounts);

      // The same import again, to the end.
      await startImport(again, file);
      const result = await again.waitForSelector('[data-backup-result]', { timeout: 100_000 });
      expect(await result.getAttribute('data-backup-result')).toBe('ok');
      expect(await result.textContent()).toBe(`Restored ${backupRows} records.`);
      expect(await countRows(again, TABLES)).toEqual({
        groups: 2,
        members: 2,
        sessions: 1,
        markers: MARKERS,
        measures: MEASURES,
        vault: 1,
      });
      await openView(again, 'Groups and clients');
      await again.waitForSelector(`article.group[aria-label="${BACKUP_GROUP}"]`);
      await again.waitForSelector(`article.group[aria-label="${OLD_GROUP}"] li:has-text("${OLD_MEMBER}")`);
      expect(await progress(again)).toBe(-1);
    } finally {
      await second.close();
    }
    await expectNoPlaintext({
      profileDirs: [profileDir],
      secrets: [tag, OLD_GROUP, OLD_MEMBER, OLD_SCRATCH, BACKUP_GROUP, BACKUP_PASS, PASSPHRASE],
    });
  }, 300_000);
});
