// A compromised call page next to a real session. The page
// (test/fixtures/hostile/meet-hostile.html) watches everything it can read
// from load on, then attacks: frames, crafted postMessages, forged events,
// probes of the extension's files and runtime, and DOM built to feed the
// content script's observer (script-looking names, huge names, thousands of
// tiles, churn, flapping). Meanwhile a leader runs a session in the panel.
// It passes only if (a) nothing the page could read holds a secret, key
// material or panel text, (b) the page changed no stored record (it may only
// cause automatic join/leave markers, as detection is meant to, and no more
// than detection's budget in ext/background/session.ts allows: without it,
// this page would bury the session in junk markers, keep the background
// writing for minutes and leave the panel's marker list blank), (c) the
// background's call state for the tab stayed within the validator's limits
// and no markup ran anywhere in the extension, and (d) the panel still works.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { validateCallReport, MAX_NAME, MAX_PARTICIPANTS } from '../../calls/report';
import { fieldCipher, fromBase64 } from '../../crypto';
import type { VaultKey } from '../../crypto/types';
import type { MarkerRow } from '../../storage/db';
import { openEntity } from '../../storage/sealed-table';
import { markerSpec } from '../../storage/tables';
import { AUTO_BURST, AUTO_PER_MINUTE } from '../../ext/background/session';
import type { CallState } from '../../ext/common/call-state';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { REPO_ROOT } from '../support/paths';
import { addGroup, openPanelFor, settings, tabIdOf } from '../support/journey';
import { createVault, openView, PASSPHRASE } from '../support/panel';
import { expectNoPlaintext } from './support/no-plaintext';

const tag = Math.random().toString(36).slice(2, 10);
const GROUP = `Kestrel circle ${tag}`;
const MEMBERS = [`Wren Halloway${tag}`, `Ottoline Quade${tag}`];
const MARK_TEXT = `spoke of the lighthouse ${tag}`;
const MEMBER_MARK_TEXT = `tearful at the mention of Ostend ${tag}`;
const NOTE_TEXT = `The group circled the theme of abandonment-${tag} and repair.`;
const DURING_TEXT = `quiet after the cello story ${tag}`;

const HOSTILE_URL = 'https://meet.google.com/hst-ilep-age';
const FRAME_SAME = 'https://meet.google.com/hostile-frame';
const FRAME_CROSS = 'https://hostile-frame.example/frame';
const PAGE = readFileSync(join(REPO_ROOT, 'test/fixtures/hostile/meet-hostile.html'), 'utf8');
const SAME_FRAME_HTML = `<!doctype html><p>HX same-origin frame</p><script>
addEventListener('message', (e) => { (window.__seen ||= []).push(JSON.stringify(e.data).slice(0, 2000)); });
</script>`;
// A frame of another origin can only report what it saw by posting it up.
const CROSS_FRAME_HTML = `<!doctype html><p>HX cross-origin frame</p><script>
const seen = [];
addEventListener('message', (e) => {
  seen.push(JSON.stringify(e.data).slice(0, 2000));
  parent.postMessage({ hxFrameSaw: seen.slice(-1) }, '*');
});
try { seen.push(parent.document.documentElement.outerHTML); } catch (e) { seen.push('parent: ' + e.name); }
parent.postMessage({ hxFrameSaw: seen }, '*');
</script>`;

interface Loot {
  loot: string[];
  docs: string[];
  pwned: unknown;
  polluted: unknown;
}

/** Every row of every table in the panel's IndexedDB, bodies as hex: equal strings mean equal rows. */
async function dumpDb(page: Page): Promise<Record<string, Record<string, string>>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('squircle');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const hex = (_k: string, v: unknown) =>
      v instanceof Uint8Array ? `hex:${[...v].map((b) => b.toString(16).padStart(2, '0')).join('')}` : v;
    const out: Record<string, Record<string, string>> = {};
    for (const name of [...db.objectStoreNames]) {
      const store = db.transaction(name).objectStore(name);
      const [keys, rows] = await Promise.all(
        [store.getAllKeys(), store.getAll()].map(
          (req) =>
            new Promise<unknown[]>(
              (resolve, reject) => (
                (req.onsuccess = () => resolve(req.result as unknown[])),
                (req.onerror = () => reject(req.error))
              ),
            ),
        ),
      );
      out[name] = Object.fromEntries(keys!.map((k, i) => [String(k), JSON.stringify(rows![i], hex)]));
    }
    db.close();
    return out;
  });
}

/** Marker lines as the panel shows them, and the note field's text. */
async function panelRecord(panel: Page): Promise<{ markers: string[]; note: string }> {
  await panel.click('[role="tab"]:has-text("Markers")');
  await panel.waitForSelector('ul.markers');
  const markers = await panel.locator('ul.markers > li:not(.auto)').allInnerTexts();
  await panel.click('[role="tab"]:has-text("Note")');
  // The draft loads after the field appears; an empty field after 5 s is read as it is.
  await panel
    .waitForFunction(
      () => (document.querySelector('textarea[data-field="themes"]') as HTMLTextAreaElement | null)?.value,
      null,
      {
        timeout: 5_000,
      },
    )
    .catch(() => undefined);
  const note = await panel.inputValue('textarea[data-field="themes"]');
  await panel.click('[role="tab"]:has-text("Markers")');
  return { markers, note };
}

/** Distinctive lines of text the panel shows (UI labels that the page's own source also has are left out). */
async function panelLines(panel: Page): Promise<string[]> {
  const text = await panel.innerText('body');
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= 12 && !l.includes('HX') && !PAGE.includes(l));
}

/** The leader's own markers in the list (not detection's), by id. */
const ownMarkers = (panel: Page) =>
  panel
    .locator('ul.markers > li:not(.auto)')
    .evaluateAll((els) => els.map((e) => ({ id: (e as HTMLElement).dataset.markerId!, text: e.textContent ?? '' })));

/** While the page says the leader presents, the panel hides behind one click. */
async function reveal(panel: Page): Promise<void> {
  const button = panel.locator('button:has-text("Show anyway")');
  if (await button.isVisible()) await button.click({ timeout: 5_000 });
}

/** Opens a marker's editor, gives it a short note and saves. */
async function editMarker(panel: Page, id: string, text: string): Promise<void> {
  await reveal(panel);
  const li = panel.locator(`ul.markers > li[data-marker-id="${id}"]`);
  const open = li.locator('button.link');
  if ((await open.getAttribute('aria-expanded', { timeout: 5_000 })) !== 'true') await open.click({ timeout: 5_000 });
  await li.locator('input[id$="-text"]').fill(text, { timeout: 5_000 });
  await li.locator('button:has-text("Save")').click({ timeout: 5_000 });
  await panel.waitForSelector(`ul.markers > li[data-marker-id="${id}"]:has-text("${text}")`, { timeout: 5_000 });
}

/** Tries `fn` until it resolves (a click may land while the page flips the presenting guard). */
async function retry(fn: () => Promise<void>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > end) throw e;
    }
  }
}

describe('a compromised call page next to a live session', () => {
  let s: ChromiumSession;
  let call: Page;
  let panel: Page;
  let tabId: number;
  const shownLines = new Set<string>();

  beforeAll(async () => {
    s = await launchChromium();
    // Only this test's pages: the hostile call page, its two frames, and a 404
    // for anything else it asks of these hosts (never the network).
    const answer = (route: Route, body: string, status = 200) =>
      route.fulfill({ status, contentType: status === 200 ? 'text/html; charset=utf-8' : 'text/plain', body });
    await s.context.route(
      (u) => u.hostname === 'meet.google.com' || u.hostname === 'hostile-frame.example',
      (route) => {
        const u = new URL(route.request().url());
        const at = u.origin + u.pathname;
        if (at === HOSTILE_URL) return answer(route, PAGE);
        if (at === FRAME_SAME) return answer(route, SAME_FRAME_HTML);
        if (at === FRAME_CROSS) return answer(route, CROSS_FRAME_HTML);
        return answer(route, 'not here', 404);
      },
    );
    call = await s.context.newPage();
    await call.goto(`${HOSTILE_URL}?ext=${s.extensionId}`);
    await call.waitForFunction(() => 'hostile' in window);
    tabId = await tabIdOf(s, HOSTILE_URL);
    panel = await openPanelFor(s, s.context, HOSTILE_URL);
    await createVault(panel);
    // Every join counts as late, so the page gets the most out of detection.
    await settings(panel, { lateGraceSeconds: 0 });
  });
  afterAll(async () => {
    await s?.close();
  });

  test('the leader runs a session with members, markers and a note', async () => {
    await addGroup(panel, GROUP, MEMBERS);
    await openView(panel, 'Session');
    await panel.waitForSelector('[data-call-state="in-call"]', { timeout: 15_000 });
    await panel.selectOption('#start-owner', { label: GROUP });
    await panel.click('button:has-text("Start session")');
    await panel.waitForSelector('[role="timer"]');
    await panel.click('button.big:has-text("Mark")');
    await panel.click(`.chips button.member:has-text("${MEMBERS[1]}")`);
    await panel.click('button.big:has-text("Mark")');
    await expect.poll(() => panel.locator('ul.markers > li:not(.auto)').count()).toBe(2);
    const made = await ownMarkers(panel);
    const forMember = made.find((m) => m.text.includes(MEMBERS[1]!))!;
    await editMarker(panel, made.find((m) => m !== forMember)!.id, MARK_TEXT);
    await editMarker(panel, forMember.id, MEMBER_MARK_TEXT);
    await panel.click('[role="tab"]:has-text("Note")');
    await panel.fill('textarea[data-field="themes"]', NOTE_TEXT);
    await panel.waitForSelector('[data-status="saved"]', { timeout: 10_000 });
    for (const l of await panelLines(panel)) shownLines.add(l);
    await panel.click('[role="tab"]:has-text("Markers")');
    for (const l of await panelLines(panel)) shownLines.add(l);
  });

  test('the collector finds what another world leaves in the page (so a clean result means something)', async () => {
    // A CDP isolated world shares the DOM, storage and window messaging with
    // the page exactly as the content script's world does.
    const CANARY = `canary-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const cdp = await s.context.newCDPSession(call);
    try {
      const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
      const { executionContextId } = await cdp.send('Page.createIsolatedWorld', {
        frameId: frameTree.frame.id,
        worldName: 'canary',
      });
      const inWorld = (expression: string) =>
        cdp.send('Runtime.evaluate', { contextId: executionContextId, expression, awaitPromise: true });
      await inWorld(`window.canaryGlobal = 'isolated-${CANARY}';
        document.body.setAttribute('data-canary', 'attr-${CANARY}');
        window.postMessage({ leak: 'message-${CANARY}' }, '*');
        localStorage.setItem('canary', 'storage-${CANARY}');`);
      await call.evaluate(() =>
        (window as unknown as { hostile: { readEverything(l: string): Promise<void> } }).hostile.readEverything(
          'canary',
        ),
      );
      const seen = await collect();
      const all = [...seen.loot, ...seen.docs].join('\n');
      expect(all).toContain(`attr-${CANARY}`);
      expect(all).toContain(`message-${CANARY}`);
      expect(all).toContain(`storage-${CANARY}`);
      // …and what stays inside an isolated world is out of the page's reach.
      expect(all).not.toContain(`isolated-${CANARY}`);
      await inWorld(`document.body.removeAttribute('data-canary'); localStorage.removeItem('canary');`);
    } finally {
      await cdp.detach();
    }
  });

  const collect = () => call.evaluate(() => (window as unknown as { hostile: { collect(): Loot } }).hostile.collect());

  test('the page attacks mid-session: no secret reaches it, no record changes, the call state is bounded', async () => {
    const dbBefore = await dumpDb(panel);
    const recordBefore = await panelRecord(panel);
    expect(recordBefore.markers.join('\n')).toContain(MARK_TEXT);
    expect(recordBefore.note).toBe(NOTE_TEXT);

    // The background's call state for the tab, sampled all through the attack.
    const states: CallState[] = [];
    let attacking = true;
    const sampling = (async () => {
      while (attacking) {
        const st = await s.serviceWorker.evaluate(
          (k) => chrome.storage.session.get(k).then((g) => g[k]),
          `call:${tabId}`,
        );
        if (st) states.push(st as CallState);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    const attackStarted = Date.now();
    const attack = call.evaluate(() =>
      (window as unknown as { hostile: { attack(): Promise<string> } }).hostile.attack(),
    );
    // The leader keeps working meanwhile: the note with its secret is on screen, and a marker is made.
    await panel.click('[role="tab"]:has-text("Note")');
    for (const l of await panelLines(panel)) shownLines.add(l);
    await panel.click('[role="tab"]:has-text("Markers")');
    // The guard may hide the panel while the page claims the leader presents.
    const mark = async () => {
      await reveal(panel);
      await panel.click('button.big:has-text("Mark")', { timeout: 5_000 });
    };
    await retry(mark, 30_000);
    await expect.poll(() => panel.locator('ul.markers > li:not(.auto)').count(), { timeout: 15_000 }).toBe(3);
    const fresh = (await ownMarkers(panel)).find(
      (m) => !m.text.includes(MARK_TEXT) && !m.text.includes(MEMBER_MARK_TEXT),
    )!;
    await retry(() => editMarker(panel, fresh.id, DURING_TEXT), 30_000);
    for (const l of await panelLines(panel)) shownLines.add(l);
    expect(await attack).toBe('done');
    // The last report the page caused has been taken in.
    await expect
      .poll(() => states.at(-1)?.participants.some((p) => p.startsWith('HX stays')) ?? false, { timeout: 15_000 })
      .toBe(true);
    attacking = false;
    await sampling;

    // (a) Nothing the page could read holds a secret, key material or panel text.
    const seen = await collect();
    const all = [...seen.loot, ...seen.docs].join('\n');
    const session = await s.serviceWorker.evaluate(() => chrome.storage.session.get(null));
    const vaultKey = session.vaultKey as string;
    expect(vaultKey).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    const wrapped = JSON.parse(dbBefore.vault!.vault!) as {
      wrapped: { nonce: string; box: string; kdf: { salt: string } };
    };
    const keyMaterial = [
      vaultKey,
      Buffer.from(vaultKey, 'base64').toString('hex'),
      Buffer.from(vaultKey, 'base64').toString('base64url'),
      wrapped.wrapped.box,
      wrapped.wrapped.nonce,
      wrapped.wrapped.kdf.salt,
    ];
    const secrets = [
      tag,
      GROUP,
      ...MEMBERS,
      MARK_TEXT,
      MEMBER_MARK_TEXT,
      NOTE_TEXT,
      DURING_TEXT,
      PASSPHRASE,
      ...keyMaterial,
    ];
    expect(secrets.filter((x) => all.includes(x))).toEqual([]);
    expect(shownLines.size).toBeGreaterThan(3);
    expect([...shownLines].filter((l) => all.includes(l))).toEqual([]);
    // The page saw its own attempts fail: no runtime, no extension file.
    expect(seen.loot).toContain('chrome.runtime: undefined');
    expect(seen.loot.filter((l) => /^fetch [^ ]*: \d/.test(l))).toEqual([]);
    expect(seen.loot.filter((l) => /^(img|script|link) .*: "load"$/.test(l))).toEqual([]);
    expect(seen.loot.filter((l) => /^iframe .* html: /.test(l) && !l.endsWith('no document'))).toEqual([]);
    expect(seen.polluted).toBeNull();

    // (b) Every record that existed is byte for byte the same. New rows are
    // markers only: detection's automatic ones, and the one the leader made.
    // The integrity ledger (storage/ledger.ts) counts every write, those new
    // markers included, so it is the one row that changes with them.
    const dbAfter = await dumpDb(panel);
    const changed: string[] = [];
    const added: { table: string; row: Record<string, unknown> }[] = [];
    for (const [table, rows] of Object.entries(dbAfter)) {
      if (table === 'ledger') continue;
      for (const [id, row] of Object.entries(rows)) {
        const was = dbBefore[table]?.[id];
        if (was === undefined) added.push({ table, row: JSON.parse(row) as Record<string, unknown> });
        else if (was !== row) changed.push(`${table}/${id}`);
      }
    }
    for (const [table, rows] of Object.entries(dbBefore))
      for (const id of Object.keys(rows)) if (!(id in (dbAfter[table] ?? {}))) changed.push(`${table}/${id} deleted`);
    expect(changed).toEqual([]);
    expect(added.filter((a) => a.table !== 'markers')).toEqual([]);
    // A marker's category is sealed (no clear column says what kind of moment it is): open each new
    // row with the vault key to tell the leader's marker from detection's.
    const cipher = fieldCipher(fromBase64(vaultKey) as VaultKey);
    const opened = added.map((a) =>
      openEntity(markerSpec, cipher, {
        ...a.row,
        body: Uint8Array.from(Buffer.from(String(a.row.body).slice(4), 'hex')),
      } as unknown as MarkerRow),
    );
    expect(opened.filter((m) => !m.category.startsWith('auto.')).map((m) => m.category)).toEqual(['general.mark']);
    // Detection may record what the page shows, within its budget: hundreds of fake moves make at most
    // that many markers.
    const auto = opened.filter((m) => m.category.startsWith('auto.'));
    const elapsedMs = Date.now() - attackStarted;
    console.log(`hostile: ${auto.length} automatic markers in ${elapsedMs} ms; ${states.length} call states sampled`);
    expect(auto.length).toBeGreaterThanOrEqual(AUTO_BURST);
    expect(auto.length).toBeLessThanOrEqual(AUTO_BURST + Math.ceil((AUTO_PER_MINUTE * elapsedMs) / 60_000));
    // Each is detection's, with at most a page name as its text.
    for (const m of auto) {
      expect(m).toMatchObject({ auto: true, deleted: false });
      expect(m.text.length).toBeLessThanOrEqual(MAX_NAME);
      expect(m.text).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
    const recordAfter = await panelRecord(panel);
    expect(recordAfter.note).toBe(NOTE_TEXT);
    expect(recordAfter.markers.filter((m) => !m.includes(DURING_TEXT))).toEqual(recordBefore.markers);

    // (c) The stored call state never left the validator's limits, and the flood reached them.
    expect(states.length).toBeGreaterThan(20);
    const bad = states.filter((st) => {
      const { tabId: t, updatedAt, ...report } = st;
      return t !== tabId || typeof updatedAt !== 'number' || !isDeepStrictEqual(validateCallReport(report), report);
    });
    expect(bad).toEqual([]);
    const last = states.at(-1)!.participants;
    expect(last.length).toBe(MAX_PARTICIPANTS);
    expect(last.filter((n) => n.startsWith('HX huge ')).map((n) => n.length)).toEqual([MAX_NAME]);
    expect(last.some((n) => n.includes('<script>'))).toBe(true);
    // No markup ran in the panel or the background, though the panel showed those names.
    expect(
      await panel.evaluate(() => ({
        pwned: (window as unknown as { __sqPwned?: unknown }).__sqPwned ?? null,
        title: document.title,
        injected: document.querySelectorAll('img, iframe, script:not([src]), [onerror], [onload], b, ul.markers svg')
          .length,
      })),
    ).toEqual({ pwned: null, title: expect.not.stringContaining('PWNED'), injected: 0 });
    expect(
      await s.serviceWorker.evaluate(() => (globalThis as unknown as { __sqPwned?: unknown }).__sqPwned ?? null),
    ).toBeNull();
    // The page's own window: the names it planted ran nowhere either (its DOM holds them as text).
    expect(seen.pwned).toBeNull();
  });

  test('the panel keeps working after the attack: it lists every marker, and a new one is made and saved', async () => {
    const stored = async () =>
      Object.values((await dumpDb(panel)).markers ?? {}).filter(
        (r) => (JSON.parse(r) as { deleted: number }).deleted === 0,
      ).length;
    const listed = () => panel.locator('ul.markers > li').count();
    await reveal(panel);
    // The list is not starved by writes the page causes: it settles on what is stored.
    await expect.poll(async () => (await listed()) === (await stored()), { timeout: 15_000 }).toBe(true);
    const before = await panel.locator('ul.markers > li:not(.auto)').count();
    expect(before).toBe(3);
    await panel.click('button.big:has-text("Mark")');
    await expect.poll(() => panel.locator('ul.markers > li:not(.auto)').count(), { timeout: 15_000 }).toBe(before + 1);
    await openView(panel, 'History');
    await openView(panel, 'Session');
    await expect.poll(() => panel.locator('ul.markers > li:not(.auto)').count(), { timeout: 15_000 }).toBe(before + 1);
  });

  test('no name, marker text or note is readable in the profile', async () => {
    await expectNoPlaintext({
      chromium: [s],
      secrets: [GROUP, ...MEMBERS, MARK_TEXT, MEMBER_MARK_TEXT, NOTE_TEXT, DURING_TEXT, PASSPHRASE],
    });
  });
});
