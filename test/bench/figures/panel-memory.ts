/**
 * The side panel's memory over a two-hour group session, simulated in the
 * built extension in Chromium and driven only through the panel's own UI
 * (clicks, key presses, selects), as a leader drives it.
 *
 * Time: the panel's clock is Playwright's fake clock (`page.clock`),
 * installed before the panel loads and paused once the session has started.
 * Session time then advances only by `clock.runFor()`, which fires every
 * timer that falls due on the way (the session clock's 1 s tick, the
 * autosave's 700 ms pause and 1 s ceiling, Preact's effects) in order, with
 * `Date.now()` moving along. IndexedDB, crypto and rendering run at real
 * speed. So two hours of session time pass in a few minutes, and every
 * timer fires as often as in two real hours.
 *
 * The session (seeded: the same actions every run; the session time spent
 * waiting for a write varies a little): a group of 8, the Note
 * tab open, the leader typing the group-process note a word at a time with
 * pauses (an autosave after each pause: thousands of encrypted writes),
 * a marker every 60–120 s (some for a member, some with a category, some
 * "15 s ago"), a third of them given a short text in the Markers tab, and
 * attendance changed through the Attendance tab.
 *
 * Memory: every 10 simulated minutes, with the autosave flushed, two full
 * garbage collections (CDP HeapProfiler.collectGarbage), then the page's JS
 * heap (Runtime.getHeapUsage, usedSize) and DOM counters
 * (Memory.getDOMCounters). The growth is the slope of a least-squares line
 * through the samples of the session's second half, per simulated hour.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../../support/chromium';
import { addGroup } from '../../support/journey';
import { createVault, openView } from '../../support/panel';
import type { FigureSource } from '../lib/context';
import type { Figure } from '../lib/figure';
import { REPO_ROOT } from '../../support/paths';
import { linearSlope } from '../lib/stats';
import { mulberry32 } from '../lib/prng';

const MINUTE = 60_000;
const SESSION_MS = Number(process.env.SQUIRCLE_BENCH_SESSION_MINUTES ?? 120) * MINUTE;
const SAMPLE_EVERY_MS = 10 * MINUTE;
/**
 * Heap growth per simulated hour after GC, fitted over the session's second
 * half (the first minutes compile code and open every view for the first
 * time, once). 512 KiB an hour keeps a panel left open through an 8-hour
 * clinic day within about 4 MiB of growth; the session's own data (about
 * 80 markers and a 10 KB note) is a small part of that.
 */
const GROWTH_TARGET = { max: 512 * 1024 };
const GROUP = 'Thursday circle';
const MEMBERS = [
  'Ana Ribeiro',
  'Ben Okafor',
  'Chloé Martin',
  'Dev Patel',
  'Eli Cohen',
  'Fatima Zahra',
  'Gus Lindqvist',
  'Hana Sato',
];
const WORDS = (
  'the group returned to the silence after Ben spoke about his father and Ana looked away from the screen ' +
  'several members named feeling unseen when tiles froze we wondered aloud whether the frame holds ' +
  'Chloé joined late from her car and apologised the leaders invited her to notice her breathing ' +
  'Dev challenged the co-leader and the group stayed with the rupture until a repair was possible ' +
  'here and now the room felt heavy then lighter as Eli laughed at the lag and others joined him'
).split(' ');
const ATTENDANCE = ['present', 'late', 'left-early', 'absent'] as const;
/**
 * SQUIRCLE_BENCH_HEAP_DIFF=1: also take a heap snapshot at the second sample
 * and at the end, and write what grew between them, by constructor, to
 * .output/panel-heap-diff.txt (to find what a growing heap holds); the
 * last snapshot is kept as .output/panel-end.heapsnapshot (DevTools opens it).
 */
const HEAP_DIFF = process.env.SQUIRCLE_BENCH_HEAP_DIFF === '1';

interface Sample {
  /** Simulated minutes since the session started. */
  minute: number;
  heapUsed: number;
  heapTotal: number;
  nodes: number;
  listeners: number;
  documents: number;
}

export const panelMemoryFigures: FigureSource = {
  name: 'panel memory',
  async measure() {
    const s = await launchChromium();
    try {
      const panel = await s.context.newPage();
      const errors: string[] = [];
      panel.on('pageerror', (e) => errors.push(e.message));
      await panel.clock.install();
      await panel.goto(s.extUrl('sidepanel.html'));
      await createVault(panel);
      await addGroup(panel, GROUP, MEMBERS);
      await openView(panel, 'Session');
      await panel.selectOption('#start-owner', { label: GROUP });
      await panel.click('button:has-text("Start session")');
      await panel.waitForSelector('[role="timer"]');
      const cdp = await s.context.newCDPSession(panel);
      const run = await simulate(panel, cdp).catch(async (e: Error) => {
        const shown = await panel
          .evaluate(() => document.body.innerText.replace(/\s+/g, ' ').slice(0, 600))
          .catch(() => '?');
        throw new Error(`${e.message.split('\n')[0]} (the panel showed: ${shown})`);
      });
      await cdp.detach();
      if (errors.length) throw new Error(`the panel threw during the session: ${errors.slice(0, 3).join('; ')}`);
      return figures(run);
    } finally {
      await s.close();
    }
  },
};

interface Run {
  samples: Sample[];
  markers: number;
  markerTexts: number;
  attendanceChanges: number;
  words: number;
  deletions: number;
  saves: number;
  saveErrors: number;
  noteChars: number;
  clockText: string;
  realSeconds: number;
}

async function simulate(panel: Page, cdp: CDPSession): Promise<Run> {
  const rnd = mulberry32(20261127);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const realStart = performance.now();
  await installSaveCounter(panel);
  // From here on, session time moves only when the bench advances it.
  const pageNow = await panel.evaluate(() => Date.now());
  await panel.clock.pauseAt(pageNow + 1000);
  let t = 0; // simulated ms since the pause
  const advance = async (ms: number) => {
    await panel.clock.runFor(Math.round(ms));
    t += ms;
  };

  await sessionTab(panel, 'Note');
  const fields = await panel.$$eval('textarea[data-field]', (els) => els.map((e) => e.id));
  if (fields.length < 3)
    throw new Error(`the Note tab shows ${fields.length} fields; expected the group-process template`);
  const expected = new Map<string, string>(fields.map((f) => [f, '']));
  let field = fields[0]!;
  let wordsInField = 0;
  const focusNote = async () => {
    await panel.focus(`#${field}`);
    await panel.keyboard.press('Control+End');
  };
  /**
   * Back to the Note tab, as a person does: the editor loads the stored note before anyone types
   * (typing into a field before its stored text has arrived replaces that text: the editor treats
   * the field as changed here).
   */
  const openNote = async () => {
    await sessionTab(panel, 'Note');
    for (let i = 0; ; i++) {
      await advance(100);
      const shown = await panel.$$eval('textarea[data-field]', (els) =>
        els.map((e) => [e.id, (e as HTMLTextAreaElement).value] as const),
      );
      if (shown.length && shown.every(([id, v]) => v === expected.get(id))) break;
      if (i === 50) throw new Error('the note editor did not show the stored note within 5 s of opening');
      await new Promise((r) => setTimeout(r, 20));
    }
    await focusNote();
  };
  await focusNote();

  const samples: Sample[] = [];
  const sample = async () => {
    // Let a pending autosave run, and wait for its write, so every sample sees the same state.
    await advance(1500);
    await settled(panel, advance);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const dom = await cdp.send('Memory.getDOMCounters');
    samples.push({
      minute: t / MINUTE,
      heapUsed: heap.usedSize,
      heapTotal: heap.totalSize,
      nodes: dom.nodes,
      listeners: dom.jsEventListeners,
      documents: dom.documents,
    });
    if (HEAP_DIFF && samples.length === 2) firstCensus = await census(cdp);
  };
  let firstCensus: Census | undefined;

  let nextSample = 0;
  let nextMarker = (60 + 60 * rnd()) * 1000;
  // Everyone present at the start, then a change every 10–20 minutes (late arrivals, leaving early, a correction).
  let nextAttendance = 20_000;
  let firstRoll = true;
  let markers = 0;
  let markerTexts = 0;
  let attendanceChanges = 0;
  let words = 0;
  let deletions = 0;
  let lastWord = '';

  while (t < SESSION_MS) {
    if (t >= nextSample) {
      await sample();
      nextSample += SAMPLE_EVERY_MS;
      continue;
    }
    if (t >= nextMarker) {
      await mark(panel, pick, rnd);
      markers++;
      await advance(400 + 600 * rnd());
      if (rnd() < 0.33) {
        await giveNewestMarkerText(panel, markers, `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`, advance);
        markerTexts++;
        await openNote();
      }
      // Back into the note: the focus is on the button just clicked, where a typed "e" or "p" is a panel shortcut.
      await focusNote();
      nextMarker = t + (60 + 60 * rnd()) * 1000;
      continue;
    }
    if (t >= nextAttendance) {
      await sessionTab(panel, 'Attendance');
      const who = firstRoll ? MEMBERS : [pick(MEMBERS)];
      for (const m of who) {
        await setAttendance(panel, m, firstRoll ? 'present' : pick(ATTENDANCE));
        attendanceChanges++;
        await advance(1500 + 1500 * rnd());
      }
      firstRoll = false;
      await openNote();
      nextAttendance = t + (10 + 10 * rnd()) * MINUTE;
      continue;
    }
    // Typing: a word (about 0.2 s a character), or now and then the last word taken back; then a pause of 1–3 s.
    const text = expected.get(field)!;
    if (lastWord && rnd() < 0.15) {
      for (let i = 0; i < lastWord.length; i++) await panel.keyboard.press('Backspace');
      expected.set(field, text.slice(0, text.length - lastWord.length));
      await advance(lastWord.length * 80);
      lastWord = '';
      deletions++;
    } else {
      const w = `${pick(WORDS)} `;
      await panel.keyboard.type(w);
      expected.set(field, text + w);
      await advance(w.length * 200);
      lastWord = w;
      words++;
      if (++wordsInField > 60 + 120 * rnd()) {
        field = fields[(fields.indexOf(field) + 1) % fields.length]!;
        wordsInField = 0;
        lastWord = '';
        await focusNote();
      }
    }
    // The pause is real time for the write too: let the autosave it set off finish, as it would in
    // 1–3 s. (Taking a word back while its save is in flight brings the word back: see BENCHMARKS.md.)
    await advance(1000 + 2000 * rnd());
    await settled(panel, advance);
  }
  await sample();
  if (firstCensus)
    writeHeapDiff(
      firstCensus,
      await census(cdp, join(REPO_ROOT, '.output/panel-end.heapsnapshot')),
      samples[1]!.minute,
      t / MINUTE,
    );

  // The session was really played: what was typed is in the fields, and comes back from the store
  // once the editor is opened again; every marker is listed; the clock shows the simulated time.
  const check = async (when: string) => {
    const shown = await panel.$$eval('textarea[data-field]', (els) =>
      els.map((e) => [e.id, (e as HTMLTextAreaElement).value] as const),
    );
    for (const [id, v] of shown) {
      const want = expected.get(id)!;
      if (v === want) continue;
      let at = 0;
      while (v[at] === want[at]) at++;
      throw new Error(
        `note field ${id} ${when} holds ${v.length} characters, not the ${want.length} typed; ` +
          `from character ${at} it shows "${v.slice(at, at + 40)}" where "${want.slice(at, at + 40)}" was typed`,
      );
    }
  };
  await check('as typed');
  await sessionTab(panel, 'Markers');
  await advance(500);
  const listed = await panel.locator('ul.markers > li[data-marker-id]').count();
  if (listed !== markers) throw new Error(`the Markers tab lists ${listed} markers; ${markers} were made`);
  await openNote();
  await settled(panel, advance);
  await check('read back from the store');
  const counts = await panel.evaluate(() => window.__benchSaves!);
  const clockText = (await panel.textContent('[role="timer"]'))?.trim() ?? '';
  const noteChars = [...expected.values()].reduce((n, v) => n + v.length, 0);
  return {
    samples,
    markers,
    markerTexts,
    attendanceChanges,
    words,
    deletions,
    saves: counts.saved,
    saveErrors: counts.error,
    noteChars,
    clockText,
    realSeconds: (performance.now() - realStart) / 1000,
  };
}

declare global {
  interface Window {
    __benchSaves?: { saved: number; error: number };
  }
}

/** Counts the note editor's "saved" and "error" states as the page shows them (`data-status`). */
async function installSaveCounter(panel: Page): Promise<void> {
  await panel.evaluate(() => {
    const counts = { saved: 0, error: 0 };
    window.__benchSaves = counts;
    new MutationObserver((records) => {
      for (const r of records) {
        const v = (r.target as HTMLElement).dataset.status;
        if (v === 'saved' && r.oldValue !== 'saved') counts.saved++;
        if (v === 'error' && r.oldValue !== 'error') counts.error++;
      }
    }).observe(document.body, {
      subtree: true,
      attributes: true,
      attributeFilter: ['data-status'],
      attributeOldValue: true,
    });
  });
}

/** Waits (in real time) until the note is neither waiting nor being saved. */
async function settled(panel: Page, advance: (ms: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const status = await panel.evaluate(
      () => document.querySelector<HTMLElement>('[data-status]')?.dataset.status ?? 'none',
    );
    if (status !== 'saving' && status !== 'pending') return;
    await advance(100);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the note never finished saving');
}

async function sessionTab(panel: Page, label: string): Promise<void> {
  await panel.click(`[aria-label="Session views"] button:has-text("${label}")`);
}

async function mark(panel: Page, pick: <T>(xs: readonly T[]) => T, rnd: () => number): Promise<void> {
  const bar = panel.locator('section[aria-label="Mark a moment"]');
  if (rnd() < 0.4) await bar.locator('[aria-label="For a member"] button', { hasText: pick(MEMBERS) }).click();
  const r = rnd();
  if (r < 0.35) {
    const families = bar.locator('[aria-label="Category family"] button');
    await families.nth(Math.floor(rnd() * (await families.count()))).click();
    const cats = bar.locator('[aria-label="Category"] button');
    await cats.nth(Math.floor(rnd() * (await cats.count()))).click();
  } else if (r < 0.45) {
    await bar.locator('button', { hasText: ' s ago' }).click();
  } else {
    await bar.locator('button.big', { hasText: 'Mark' }).click();
  }
}

/** Opens the newest marker in the Markers tab, types a short note into it and saves it. */
async function giveNewestMarkerText(
  panel: Page,
  made: number,
  text: string,
  advance: (ms: number) => Promise<void>,
): Promise<void> {
  await sessionTab(panel, 'Markers');
  await advance(300);
  await until(
    panel,
    advance,
    ([n]) => document.querySelectorAll('ul.markers > li[data-marker-id]').length === Number(n),
    [String(made)],
    `the list to show all ${made} markers`,
  );
  const id = await panel.locator('ul.markers > li[data-marker-id]').first().getAttribute('data-marker-id');
  const li = panel.locator(`ul.markers > li[data-marker-id="${id}"]`);
  await li.locator('button.link').click();
  await advance(500);
  const input = li.locator('input[id$="-text"]');
  await input.focus();
  await panel.keyboard.type(text);
  await advance(text.length * 200);
  await li.locator('button:has-text("Save")').click();
  await advance(300);
  await until(
    panel,
    advance,
    ([i, t]) =>
      !!document.querySelector(`ul.markers > li[data-marker-id="${i}"] button.link`)?.textContent?.includes(t!),
    [id!, text],
    'the marker to show its new text',
  );
}

/**
 * Waits until `check` holds in the page, letting session time run meanwhile
 * (100 ms of it per try, as it would while a person watches the panel):
 * some of the panel's work waits on a timer, which runs only as the clock advances.
 */
async function until(
  panel: Page,
  advance: (ms: number) => Promise<void>,
  check: (arg: string[]) => boolean,
  arg: string[],
  what: string,
): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await panel.evaluate(check, arg)) return;
    await advance(100);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`waited 10 s of session time for ${what}`);
}

async function setAttendance(panel: Page, member: string, status: string): Promise<void> {
  const row = panel.locator('.field.att', { hasText: member });
  await row.locator('select').selectOption(status);
}

function figures(run: Run): Figure[] {
  const first = run.samples[0]!;
  const last = run.samples.at(-1)!;
  const hours = run.samples.map((x) => x.minute / 60);
  const whole = linearSlope(
    hours,
    run.samples.map((x) => x.heapUsed),
  );
  // A shortened session (SQUIRCLE_BENCH_SESSION_MINUTES) may have one sample in its second half: then the last two.
  const second = run.samples.filter((x) => x.minute >= SESSION_MS / MINUTE / 2);
  const late = second.length >= 2 ? second : run.samples.slice(-2);
  const slope = linearSlope(
    late.map((x) => x.minute / 60),
    late.map((x) => x.heapUsed),
  );
  const nodeSlope = linearSlope(
    hours,
    run.samples.map((x) => x.nodes),
  );
  const mib = (b: number) => `${(b / 1048576).toFixed(2)} MiB`;
  const session =
    `${(SESSION_MS / MINUTE).toFixed(0)} simulated minutes (clock showed ${run.clockText}) ` +
    `in ${run.realSeconds.toFixed(0)} s real, Playwright fake clock; ` +
    `group of ${MEMBERS.length}, ${run.markers} markers (${run.markerTexts} given a text), ` +
    `${run.attendanceChanges} attendance changes, ` +
    `${run.words} words typed and ${run.deletions} taken back into the group-process note ` +
    `(${run.noteChars} characters), ${run.saves} autosaves (${run.saveErrors} errors)`;
  const series = run.samples
    .map((x) => `${x.minute.toFixed(0)} min: ${mib(x.heapUsed)}, ${x.nodes} nodes, ${x.listeners} listeners`)
    .join('; ');
  const sessionLength =
    SESSION_MS % (60 * MINUTE) ? `${SESSION_MS / MINUTE}-minute` : `${SESSION_MS / MINUTE / 60}-hour`;
  const how =
    `${session}; after 2 GCs every ${SAMPLE_EVERY_MS / MINUTE} min ` +
    `(Runtime.getHeapUsage usedSize, Memory.getDOMCounters): ${series}`;
  return [
    {
      id: 'panelMemory.heap.start',
      label: 'Side panel JS heap after GC, session start',
      value: first.heapUsed,
      unit: 'B',
      how,
    },
    {
      id: 'panelMemory.heap.end',
      label: `Side panel JS heap after GC, after a ${sessionLength} simulated session`,
      value: last.heapUsed,
      unit: 'B',
      how,
    },
    {
      id: 'panelMemory.heap.growthPerHour',
      label: 'Side panel JS heap growth per simulated hour (fit over the second half, after GC)',
      value: slope,
      unit: 'B',
      target: GROWTH_TARGET,
      how:
        `least-squares slope over the ${late.length} samples from minute ${late[0]!.minute.toFixed(0)}; ` +
        `over the whole session ${mib(whole)} an hour; ${how}`,
    },
    {
      id: 'panelMemory.dom.nodes',
      label: `Side panel DOM nodes after the session (${first.nodes} at its start)`,
      value: last.nodes,
      unit: 'n',
      how:
        `Memory.getDOMCounters after GC, Note tab open; slope ${nodeSlope.toFixed(0)} nodes per simulated hour; ` +
        `JS event listeners ${first.listeners} → ${last.listeners}; ${session}`,
    },
  ];
}

/** Objects in a heap snapshot by type and constructor name: count and self size. */
type Census = Map<string, { count: number; size: number; retainers: Map<string, number> }>;

async function census(cdp: CDPSession, saveAs?: string): Promise<Census> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => void chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const raw = chunks.join('');
  if (saveAs) writeFileSync(saveAs, raw);
  const snap = JSON.parse(raw) as {
    snapshot: {
      meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
    };
    nodes: number[];
    edges: number[];
    strings: string[];
  };
  const { node_fields: nf, node_types, edge_fields: ef, edge_types } = snap.snapshot.meta;
  const [typeAt, nameAt, sizeAt, edgeCountAt, detachedAt] = [
    'type',
    'name',
    'self_size',
    'edge_count',
    'detachedness',
  ].map((f) => nf.indexOf(f)) as [number, number, number, number, number];
  const [eTypeAt, eNameAt, eToAt] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const nTypes = node_types[0];
  const eTypes = edge_types[0];
  const count = snap.nodes.length / nf.length;
  // A plain object is told apart by its first property names; every node gets a key.
  const keys: string[] = new Array(count);
  const firstEdge: number[] = new Array(count);
  for (let n = 0, e = 0; n < count; n++) {
    const i = n * nf.length;
    firstEdge[n] = e;
    const type = nTypes[snap.nodes[i + typeAt]!]!;
    let name =
      type === 'object' || type === 'native' || type === 'closure'
        ? snap.strings[snap.nodes[i + nameAt]!]!.slice(0, 60)
        : '';
    const edges = snap.nodes[i + edgeCountAt]!;
    if (type === 'object' && name === 'Object') {
      const props: string[] = [];
      for (let k = 0; k < edges && props.length < 6; k++) {
        const j = (e + k) * ef.length;
        if (eTypes[snap.edges[j + eTypeAt]!] === 'property') props.push(snap.strings[snap.edges[j + eNameAt]!]!);
      }
      name = `Object {${props.join(',')}}`;
    }
    keys[n] =
      `${type}${name ? ` ${name}` : ''}${detachedAt >= 0 && snap.nodes[i + detachedAt] === 2 ? ' (detached)' : ''}`;
    e += edges;
  }
  const out: Census = new Map();
  for (let n = 0; n < count; n++) {
    const k = keys[n]!;
    const c = out.get(k) ?? { count: 0, size: 0, retainers: new Map() };
    c.count++;
    c.size += snap.nodes[n * nf.length + sizeAt]!;
    out.set(k, c);
  }
  // Who holds the plain objects: the key of each strong retainer, counted.
  for (let n = 0; n < count; n++) {
    const edges = snap.nodes[n * nf.length + edgeCountAt]!;
    for (let k = 0; k < edges; k++) {
      const j = (firstEdge[n]! + k) * ef.length;
      const et = eTypes[snap.edges[j + eTypeAt]!];
      if (et === 'weak' || et === 'shortcut') continue;
      const to = snap.edges[j + eToAt]! / nf.length;
      const c = out.get(keys[to]!)!;
      if (!keys[to]!.startsWith('object Object') && !keys[to]!.startsWith('native system / PropertyArray')) continue;
      const edgeName = et === 'element' || et === 'hidden' ? `[${et}]` : snap.strings[snap.edges[j + eNameAt]!]!;
      const r = `${keys[n]!.slice(0, 70)} .${String(edgeName).slice(0, 30)}`;
      c.retainers.set(r, (c.retainers.get(r) ?? 0) + 1);
    }
  }
  return out;
}

function writeHeapDiff(a: Census, b: Census, fromMin: number, toMin: number): void {
  const rows = [...new Set([...a.keys(), ...b.keys()])]
    .map((k) => ({
      k,
      dc: (b.get(k)?.count ?? 0) - (a.get(k)?.count ?? 0),
      ds: (b.get(k)?.size ?? 0) - (a.get(k)?.size ?? 0),
    }))
    .filter((r) => r.ds !== 0 || r.dc !== 0)
    .sort((x, y) => y.ds - x.ds);
  const total = rows.reduce((n, r) => n + r.ds, 0);
  const lines = [
    `Heap objects from ${fromMin.toFixed(0)} to ${toMin.toFixed(0)} simulated minutes: ${total} B of self size more`,
    'self size Δ (B)\tcount Δ\ttype and constructor',
    ...rows.slice(0, 80).map((r) => {
      const ra = a.get(r.k)?.retainers ?? new Map<string, number>();
      const rb = b.get(r.k)?.retainers ?? new Map<string, number>();
      const grew = [...rb]
        .map(([k, n]) => [k, n - (ra.get(k) ?? 0)] as const)
        .filter(([, n]) => n > 0)
        .sort((x, y) => y[1] - x[1])
        .slice(0, 3);
      const heldBy = grew.length ? `\t\theld by: ${grew.map(([k, n]) => `${n}× ${k}`).join(' | ')}` : '';
      return `${r.ds}\t${r.dc}\t${r.k}${heldBy}`;
    }),
  ];
  const file = join(REPO_ROOT, '.output/panel-heap-diff.txt');
  writeFileSync(file, `${lines.join('\n')}\n`);
  console.error(`bench: heap diff written to ${file}`);
}
