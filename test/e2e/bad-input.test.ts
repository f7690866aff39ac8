// e2e: alone (the full-disk step times Chromium's retries, which a second browser beside it slows)
// One profile through every kind of bad input, in the built extension in real
// Chromium: malformed invites, corrupted and truncated backups, fuzzed and
// mutated envelopes on the channel's topic, settings of the wrong type, a call
// page whose markup changed, and a full disk while notes and markers are
// saved. Each gets its clear message, and what was stored before (a group, a
// marker with its text, the session note, the scratch note) is still there
// and readable after each one, and after a reload at the end.
//
// Thorough versions live elsewhere (backup.test.ts, coleaders-attacks.test.ts,
// degraded.test.ts, policy.test.ts, policy-firefox.test.ts); here they are
// brief, so that one profile has to survive all of them.
//
// Clinic policy of the wrong type: Chromium reads managed policy only from
// /etc/chromium, shared by the machine, and its schema check drops wrong
// types before the extension sees them; policy.test.ts (real policy file,
// throwaway extension id) and policy-firefox.test.ts (Firefox's managed
// storage, which does hand wrong types over) prove that path. Here the user's
// own settings of the wrong type are planted in storage.local instead.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeInvite, encodeInvite } from '../../crypto';
import { NOT_SAVED_DISK_FULL } from '../../components/SaveStatusLine';
import { NOT_MARKED_DISK_FULL } from '../../components/session/MarkerBar';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { makeTempDir } from '../support/paths';
import { FIXTURES, routeFixtures } from '../support/fixtures-server';
import { captureBroker, startAedes, type AedesTestBroker, type RawSubscriber } from '../support/brokers';
import { leader, markWithText, markers, pair, refused, type Leader } from '../support/coleaders';
import { smallDisk, type SmallDisk } from './support/full-disk';
import { openPanelFor, startSession } from '../support/journey';
import { expectNoPlaintext } from './support/no-plaintext';
import { createVault, openView, PASSPHRASE } from '../support/panel';

const tag = Math.random().toString(36).slice(2, 8);
const GROUP = `Sweep circle ${tag}`;
const MEMBER = `Ione Castellane${tag}`;
const MARK = `held the silence ${tag}`;
const NOTE = `The group named its fear of endings-${tag}.`;
const SCRATCH = `scratch before the sweep ${tag}`;
// Long enough that a save needs fresh disk pages: a full disk cannot take it.
// Some 25 KB: sealed, it needs new pages of the full disk. A few KB could still
// fit in the free tail of a page LevelDB's log already has, and be saved.
const LONG = (what: string) => `${what} ${tag} ` + Array.from({ length: 4000 }, (_, i) => `w${i}`).join(' ');
const SCRATCH_FULL = `${SCRATCH}\n${LONG('scratch typed on a full disk')}`;
const NOTE_FULL = LONG('note typed on a full disk');
const SEED = Number(process.env.SQUIRCLE_FUZZ_SEED ?? Date.now() % 2 ** 31);

const disk = smallDisk(256);
const onDisk = 'dir' in disk ? (disk as SmallDisk) : undefined;

/**
 * Types `text` into an autosaved field on the full disk, and waits for its
 * save to end. Chromium can find a few pages by itself on a full disk (it
 * frees some after a write of its own fails, such as the channel's
 * background writes), and a save that fits is a save, rightly said so: the
 * disk is then topped up and the text typed again, changed, until a save
 * fails. Returns what the field holds.
 */
async function typeOnFullDisk(d: SmallDisk, page: Page, field: string, text: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    d.fill();
    const typed = attempt ? `${text} (${attempt})` : text;
    // Every status the field's line shows from now on, in order.
    await page.evaluate(() => {
      const w = window as unknown as { __statuses: string[]; __watch?: MutationObserver };
      w.__statuses = [];
      w.__watch?.disconnect();
      w.__watch = new MutationObserver(() => {
        const now = document.querySelector('[data-status]')?.getAttribute('data-status');
        if (now && w.__statuses.at(-1) !== now) w.__statuses.push(now);
      });
      w.__watch.observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-status'],
      });
    });
    await page.fill(field, typed);
    const handle = await page.waitForFunction(
      () => {
        const seen = (window as unknown as { __statuses: string[] }).__statuses;
        return seen.includes('full')
          ? 'full'
          : seen.includes('saving') && seen.at(-1) === 'saved'
            ? 'saved'
            : undefined;
      },
      undefined,
      { timeout: 20_000 },
    );
    if ((await handle.jsonValue()) === 'full') return typed;
    console.info(
      `bad-input: a save on the full disk got through (attempt ${attempt + 1}); topping the disk up and typing again`,
    );
  }
  throw new Error('five saves in a row got through on the full disk');
}

describe('one profile through every kind of bad input', () => {
  const work = makeTempDir('squircle-bad-input-');
  const profileDir = join(onDisk?.dir ?? work, 'profile');
  let broker: AedesTestBroker;
  let capture: RawSubscriber;
  let s: ChromiumSession;
  let p: Page;
  let b: Leader;
  /** Console errors and uncaught exceptions of the sweep's pages, with when they happened. */
  const pageErrors: { at: number; text: string }[] = [];
  const watch = (page: Page) => {
    page.on(
      'console',
      (m) => m.type() === 'error' && pageErrors.push({ at: Date.now(), text: `console.error: ${m.text()}` }),
    );
    page.on('pageerror', (e) => pageErrors.push({ at: Date.now(), text: `uncaught: ${e.name}: ${e.message}` }));
  };
  /** While the disk was full (and a moment after), when unhandled storage errors are reported, not judged. */
  let fullDisk: [number, number] | undefined;
  /** What the full-disk test last typed into the scratch note and the session note. */
  let scratchTyped = SCRATCH_FULL;
  let noteTyped = NOTE_FULL;

  beforeAll(async () => {
    if (!onDisk)
      console.info(
        `bad-input: the profile is on an ordinary disk (${(disk as { unavailable: string }).unavailable}); ` +
          `the full-disk test is skipped`,
      );
    broker = await startAedes();
    capture = await captureBroker(broker.tcpUrl);
    s = await launchChromium({ profileDir });
    await routeFixtures(s.context);
    p = await s.context.newPage();
    watch(p);
    await p.goto(s.extUrl('sidepanel.html'));
    await p.evaluate((url) => chrome.storage.local.set({ userSettings: { brokerUrl: url } }), broker.url);
    await p.reload();
    await createVault(p);
    b = await leader(broker.url);
  });
  afterAll(async () => {
    await capture?.stop();
    await s?.close();
    await b?.s.close();
    await broker?.stop();
    onDisk?.unmount();
    rmSync(work, { recursive: true, force: true });
  });

  /** What was stored before any bad input, read back from the vault. */
  async function intact(page: Page = p): Promise<void> {
    await openView(page, 'Groups and clients');
    await page.locator(`article.group[aria-label="${GROUP}"] li:has-text("${MEMBER}")`).waitFor();
    await openView(page, 'Scratch');
    await expect.poll(() => page.locator('#scratch').inputValue()).toMatch(new RegExp(`^${SCRATCH}`));
    await openView(page, 'Session');
    await page.click('[role="tab"]:has-text("Markers")');
    await page.locator('ul.markers > li button.link').filter({ hasText: MARK }).waitFor();
    await page.click('[role="tab"]:has-text("Note")');
    await expect.poll(() => page.locator('textarea[data-field="themes"]').inputValue()).toMatch(new RegExp(`^${NOTE}`));
    await page.click('[role="tab"]:has-text("Markers")');
  }

  const alertText = async (scope: string) => (await p.locator(`${scope} [role="alert"]`).first().textContent())?.trim();

  test('before: a paired group, a session, a marker with its text, session and scratch notes, all saved', async () => {
    await pair({ s, panel: p }, b, GROUP, [MEMBER]);
    await startSession(p, GROUP);
    await markWithText(p, MARK);
    await p.click('[role="tab"]:has-text("Note")');
    await p.fill('textarea[data-field="themes"]', NOTE);
    await p.waitForSelector('[data-status="saved"]', { timeout: 10_000 });
    await openView(p, 'Scratch');
    await p.fill('#scratch', SCRATCH);
    await p.waitForSelector('[data-status="saved"]', { timeout: 10_000 });
    await intact();
  });

  test('malformed invites: each named, nothing stored, and the data is intact', async () => {
    await openView(p, 'Co-leaders');
    const card = p.locator(`section[aria-label="Co-leaders of ${GROUP}"]`);
    await card.locator('button:has-text("Invite a co-leader")').click();
    const real = await card.locator('#invite-text').inputValue();
    // The code as shown: the invite text is what is wrong in every case below.
    await p.fill('#join-code', (await card.locator('#invite-code').textContent())!);
    const decoded = decodeInvite(real, Date.now());
    const cases: [string, string][] = [
      ['not an invite at all', 'This invite has a typo or was cut off. Copy it again in full, or scan the QR code.'],
      [
        real.slice(0, Math.floor(real.length / 2)),
        'This invite has a typo or was cut off. Copy it again in full, or scan the QR code.',
      ],
      [
        real.slice(0, 40) + (real[40] === 'A' ? 'B' : 'A') + real.slice(41),
        'This invite has a typo or was cut off. Copy it again in full, or scan the QR code.',
      ],
      [
        real.replace('squircle-invite:1:', 'squircle-invite:2:'),
        'This invite was made by a newer version of Squircle. Update Squircle, then try the invite again.',
      ],
      // A valid checksum over a changed expiry: only the signature tells.
      [
        encodeInvite({ ...decoded, expiresAt: decoded.expiresAt + 3_600_000 }),
        'This invite was changed after it was made, so it cannot be trusted. Ask your co-leader for a new one.',
      ],
      [real, 'This device is already in that channel.'],
    ];
    const channels = await p.locator('section[aria-label^="Co-leaders of "]').count();
    for (const [text, message] of cases) {
      await p.fill('#join-text', text);
      await p.click('button:has-text("Join")');
      await expect
        .poll(() => alertText('form[aria-labelledby="join-title"]'), { timeout: 15_000 })
        .toBe(`${message} Nothing was stored.`);
      // The field keeps what was pasted, to correct it.
      expect(await p.inputValue('#join-text')).toBe(text);
    }
    expect(await p.locator('section[aria-label^="Co-leaders of "]').count()).toBe(channels);
    await intact();
  });

  test('corrupt, truncated, foreign backups: each refused with its reason, nothing imported, data intact', async () => {
    await openView(p, 'Backup');
    const [dl] = await Promise.all([p.waitForEvent('download'), p.click('button:has-text("Save a backup file")')]);
    const good = join(work, 'good.squircle');
    await dl.saveAs(good);
    const text = readFileSync(good, 'utf8');
    const at = text.indexOf('"body":"') + 20;
    const files: [string, string, string][] = [
      ['flipped.squircle', text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1), PASSPHRASE],
      ['truncated.squircle', text.slice(0, Math.floor(text.length / 2)), PASSPHRASE],
      ['empty.squircle', '', PASSPHRASE],
      ['photo.squircle', '\u0089PNG\r\n\u001a\n not a backup', PASSPHRASE],
      ['newer.squircle', text.replace('"v":1', '"v":99'), PASSPHRASE],
      ['good.squircle', text, 'not the passphrase of that vault'],
    ];
    const results: Record<string, string> = {};
    for (const [name, content, pass] of files) {
      const file = join(work, name);
      if (name !== 'good.squircle') writeFileSync(file, content);
      await p.setInputFiles('#backup-file', file);
      await p.fill('#backup-pass', pass);
      await p.click('button:has-text("Check and restore")');
      const result = p.locator('[data-backup-result]');
      await expect.poll(() => result.getAttribute('data-backup-result'), { timeout: 30_000 }).toBe('error');
      expect(await result.getAttribute('role')).toBe('alert');
      results[name] = (await result.textContent())!;
      await intact();
      await openView(p, 'Backup');
    }
    expect(results).toEqual({
      'flipped.squircle': expect.stringMatching(
        /^This backup has been changed or damaged since it was made, so nothing was imported\./,
      ),
      'truncated.squircle': 'This file is not a complete Squircle backup. Nothing was imported.',
      'empty.squircle': 'This file is not a complete Squircle backup. Nothing was imported.',
      'photo.squircle': 'This file is not a complete Squircle backup. Nothing was imported.',
      'newer.squircle':
        'This backup was made by a newer version of Squircle; update Squircle first, then import it again.',
      'good.squircle':
        'That passphrase does not open this backup. Use the vault passphrase that was in use when the backup was made.',
    });
  });

  test('fuzzed and mutated envelopes on the channel: each counted as refused, the channel keeps working', async () => {
    const topic = capture.messages.find((m) => m.topic.startsWith('sq/v1/c/'))?.topic;
    expect(topic).toBeDefined();
    // Real envelopes on that topic, as the broker carried them.
    const real = capture.messages.filter((m) => m.topic === topic).map((m) => m.payload);
    expect(real.length).toBeGreaterThan(0);
    const garbage = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 600 }), { numRuns: 25, seed: SEED });
    const mutation = fc.record({
      which: fc.nat(),
      kind: fc.constantFrom('flip', 'cut', 'grow', 'splice'),
      at: fc.nat(),
      bit: fc.integer({ min: 0, max: 7 }),
      extra: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    });
    const mutated = fc.sample(mutation, { numRuns: 25, seed: SEED + 1 }).map((m) => {
      const src = Buffer.from(real[m.which % real.length]!);
      const at = m.at % src.length;
      if (m.kind === 'flip') src[at] = src[at]! ^ (1 << m.bit);
      if (m.kind === 'cut') return src.subarray(0, at);
      if (m.kind === 'grow') return Buffer.concat([src, m.extra]);
      if (m.kind === 'splice') return Buffer.concat([src.subarray(0, at), m.extra, src.subarray(at + m.extra.length)]);
      return src;
    });
    // An empty payload is not a message on MQTT (it clears a retained one); every other is.
    const bad = [...garbage.map((g) => Buffer.from(g)), ...mutated].filter((x) => x.length > 0);
    const total = (r: Record<string, number>) => Object.values(r).reduce((a, n) => a + n, 0);
    const before = total(await refused(p, GROUP));

    const attacker = await mqtt.connectAsync(broker.tcpUrl, { clientId: `fuzzer-${tag}`, protocolVersion: 4 });
    for (const payload of bad) await attacker.publishAsync(topic!, payload, { qos: 1 });
    await attacker.endAsync();

    const end = Date.now() + 60_000;
    let now = before;
    while ((now = total(await refused(p, GROUP))) < before + bad.length && Date.now() < end)
      await p.waitForTimeout(300);
    expect({ seed: SEED, refused: now - before }).toEqual({ seed: SEED, refused: bad.length });
    // Shown, by reason, in the Co-leaders view.
    const card = p.locator(`section[aria-label="Co-leaders of ${GROUP}"]`);
    await card.locator('summary:has-text("Refused messages")').click();
    expect(await card.locator('ul.diagnostics > li[data-reason]').count()).toBeGreaterThan(0);
    await expect(card.locator('ul.diagnostics').isVisible()).resolves.toBe(true);

    // Markers still cross both ways.
    await openView(b.panel, 'Session');
    const fromB = `after the fuzz from B ${tag}`;
    await markWithText(b.panel, fromB);
    await openView(p, 'Session');
    await p.locator('ul.markers > li button.link').filter({ hasText: fromB }).waitFor({ timeout: 30_000 });
    const fromA = `after the fuzz from A ${tag}`;
    await markWithText(p, fromA);
    await b.panel.locator('ul.markers > li button.link').filter({ hasText: fromA }).waitFor({ timeout: 30_000 });
    await intact();
  });

  test('settings of the wrong type in storage: defaults apply, the panel and options open, data intact', async () => {
    const user = await p.evaluate(() => chrome.storage.local.get('userSettings'));
    await p.evaluate(
      (u) =>
        chrome.storage.local.set({
          userSettings: {
            ...u,
            autoLockMinutes: 'soon',
            lateGraceSeconds: { a: 1 },
            backSeconds: [15],
            screenShareGuard: 'yes',
            theme: 42,
          },
        }),
      user.userSettings as Record<string, unknown>,
    );
    const options = await s.context.newPage();
    await options.goto(s.extUrl('options.html'));
    await options.waitForSelector('#autolock');
    expect(Number(await options.inputValue('#autolock'))).toBeGreaterThan(0);
    await options.close();
    await p.reload();
    await p.waitForSelector('nav[aria-label="Panel"]');
    await intact();
    await p.evaluate(
      (u) => chrome.storage.local.set({ userSettings: u }),
      user.userSettings as Record<string, unknown>,
    );
  });

  test('changed call-page markup: detection says it is unavailable, marking still works, data intact', async () => {
    const call = await s.context.newPage();
    await call.goto(FIXTURES['changed-markup'].url);
    const side = await openPanelFor(s, s.context, FIXTURES['changed-markup'].url);
    watch(side);
    await openView(side, 'Session');
    await side.waitForSelector('[data-call-state="degraded"]', { timeout: 15_000 });
    expect(await side.textContent('.callstatus')).toContain('call detection is unavailable');
    await side.waitForSelector('.degraded:has-text("Marking and notes work as usual")');
    const count = (await markers(side)).length;
    await side.click('button.big:has-text("Mark")');
    await expect.poll(async () => (await markers(side)).length).toBe(count + 1);
    await intact(side);
    await side.close();
    await call.close();
  });

  // Once a write has hit the full disk, Chromium cannot reopen the database until there is room,
  // so views opened meanwhile cannot load; here the scratch note and the session note are open
  // (in two panel tabs) when the disk fills, as they would be while someone is writing.
  test.runIf(!!onDisk)(
    'a full disk: typed notes stay with a clear alert, a mark says it was not stored; ' +
      'once there is room everything saves',
    async () => {
      const d = onDisk!;
      await openView(p, 'Scratch');
      await p.waitForSelector('#scratch');
      const q = await s.context.newPage();
      watch(q);
      await q.goto(s.extUrl('sidepanel.html'));
      await q.waitForSelector('nav[aria-label="Panel"]');
      await openView(q, 'Session');
      await q.locator('ul.markers > li button.link').filter({ hasText: MARK }).waitFor();
      const marked = (await markers(q)).length;
      await q.click('[role="tab"]:has-text("Note")');
      await q.waitForSelector('textarea[data-field="plan"]');
      const scratch = p.locator('[data-status]');
      const note = q.locator('[data-status]');
      const filled = d.fill();
      const window: [number, number] = [Date.now(), Infinity];
      fullDisk = window;
      console.info(`bad-input: ${(filled / 2 ** 20).toFixed(0)} MiB of filler; the disk is full`);
      try {
        // The scratch note: the text stays in the field, with the alert.
        scratchTyped = await typeOnFullDisk(d, p, '#scratch', SCRATCH_FULL);
        expect(await scratch.getAttribute('data-status')).toBe('full');
        expect(await scratch.getAttribute('role')).toBe('alert');
        expect(await scratch.textContent()).toBe(NOT_SAVED_DISK_FULL);
        expect(await p.inputValue('#scratch')).toBe(scratchTyped);

        // The session note: the same. (Chromium frees pages of its own once it has closed the
        // database after the failed write, so the disk is filled up again first.)
        noteTyped = await typeOnFullDisk(d, q, 'textarea[data-field="plan"]', NOTE_FULL);
        expect(await note.getAttribute('data-status')).toBe('full');
        expect(await note.getAttribute('role')).toBe('alert');
        expect(await note.textContent()).toBe(NOT_SAVED_DISK_FULL);

        // A mark is not stored, and says so.
        d.fill();
        await q.click('button.big:has-text("Mark")');
        const markAlert = q.locator('section.markerbar [role="alert"]');
        await markAlert.waitFor({ timeout: 20_000 });
        expect(await markAlert.textContent()).toBe(NOT_MARKED_DISK_FULL);

        // Room again: both notes save by themselves (no one types again), and marking works.
        // (Chromium may find a little room by itself once it has closed the database after the
        // failed write; a save that gets through then is just as good.)
        expect(await p.inputValue('#scratch')).toBe(scratchTyped);
        expect(await q.inputValue('textarea[data-field="plan"]')).toBe(noteTyped);
        d.free();
        await expect.poll(() => scratch.getAttribute('data-status'), { timeout: 30_000 }).toBe('saved');
        await expect.poll(() => note.getAttribute('data-status'), { timeout: 30_000 }).toBe('saved');
        await q.click('button.big:has-text("Mark")');
        await markAlert.waitFor({ state: 'detached', timeout: 15_000 });
        await q.click('[role="tab"]:has-text("Markers")');
        await expect.poll(async () => (await markers(q)).length, { timeout: 15_000 }).toBe(marked + 1);
      } finally {
        d.free();
        window[1] = Date.now() + 3000;
      }
      const during = pageErrors.filter((e) => e.at >= window[0]);
      if (during.length)
        console.info(
          `bad-input: unhandled while the disk was full:\n${[...new Set(during.map((e) => e.text))].join('\n')}`,
        );
      await q.close();
      // What was typed on the full disk is stored, and so is everything from before.
      await p.reload();
      await p.waitForSelector('nav[aria-label="Panel"]');
      await openView(p, 'Scratch');
      await expect.poll(() => p.inputValue('#scratch')).toBe(scratchTyped);
      await openView(p, 'Session');
      await p.click('[role="tab"]:has-text("Note")');
      await expect.poll(() => p.inputValue('textarea[data-field="plan"]')).toBe(noteTyped);
      await intact();
    },
  );

  test('lastly: a reload reads it all back, no page error, nothing clinical readable on disk or broker', async () => {
    await p.reload();
    await p.waitForSelector('nav[aria-label="Panel"]');
    await intact();
    const judged = pageErrors.filter((e) => !fullDisk || e.at < fullDisk[0] || e.at > fullDisk[1]).map((e) => e.text);
    expect(judged.filter((e) => !/WebSocket connection to .* failed/.test(e))).toEqual([]);
    const secrets = [
      GROUP,
      MEMBER,
      MARK,
      NOTE,
      SCRATCH,
      `after the fuzz from B ${tag}`,
      `after the fuzz from A ${tag}`,
      PASSPHRASE,
      ...(onDisk ? [`scratch typed on a full disk ${tag}`, `note typed on a full disk ${tag}`] : []),
    ];
    await expectNoPlaintext({ chromium: [s, b.s], brokerCapture: capture, secrets });
  });
});
