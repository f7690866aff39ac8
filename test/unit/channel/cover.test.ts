// Cover traffic: during a live session an envelope at least every interval; a real one takes a decoy's place.
import { describe, expect, it } from 'vitest';
import { COVER_INTERVAL_MS, Cover, MAX_OWED, MAX_WAIT_POINTS } from '../../../channel/cover';
import { latestUpkeep } from '../../../channel/engine';
import type { ChannelEvent } from '../../../channel/events';

function setup(live = true) {
  let now = 0;
  const state = { live, decoys: [] as number[] };
  const cover = new Cover({
    live: () => Promise.resolve(state.live),
    sendDecoy: () => {
      state.decoys.push(now);
      return Promise.resolve();
    },
    now: () => now,
  });
  /** One tick a second for `seconds`, with a real envelope at the given seconds. */
  const run = async (seconds: number, realAt: number[] = []) => {
    const start = now;
    const sent: number[] = [];
    for (let t = 0; t < seconds; t++) {
      now = start + t * 1000;
      if (realAt.includes(t)) {
        cover.sent();
        sent.push(now);
      }
      await cover.tick();
    }
    now = start + seconds * 1000;
    return sent;
  };
  return { cover, state, run };
}

describe('Cover', () => {
  it('sends a decoy every interval of a live session when nothing real leaves', async () => {
    const s = setup();
    await s.run(60);
    expect(COVER_INTERVAL_MS).toBe(5_000);
    expect(s.state.decoys).toEqual(Array.from({ length: 12 }, (_, i) => i * 5_000));
  });

  it('shows as many envelopes in a minute with ten markers as in a minute with none', async () => {
    const quiet = setup();
    await quiet.run(60);
    const busy = setup();
    // Ten markers, at most one per interval, at irregular moments.
    const real = await busy.run(60, [1, 7, 13, 16, 22, 28, 33, 41, 47, 53]);
    expect(real.length + busy.state.decoys.length).toBe(quiet.state.decoys.length);
    // A decoy never follows a real envelope within the interval.
    for (const d of busy.state.decoys) expect(real.some((r) => d > r && d - r < COVER_INTERVAL_MS)).toBe(false);
  });

  it('sends nothing outside a live session', async () => {
    const s = setup(false);
    await s.run(30);
    expect(s.state.decoys).toEqual([]);
    s.state.live = true;
    await s.run(6);
    expect(s.state.decoys).toHaveLength(2);
  });
});

/**
 * A device as the engine drives its cover: changes (markers) leave at once;
 * upkeep (digests) is merged while it waits and leaves through the cover.
 * Records every envelope that leaves.
 */
function device(live = true) {
  let now = 0;
  const state = { live, decoys: [] as number[] };
  const envelopes: { at: number; what: string }[] = [];
  let upkeep: string[] = [];
  const cover = new Cover({
    live: () => Promise.resolve(state.live),
    sendDecoy: () => {
      state.decoys.push(now);
      envelopes.push({ at: now, what: 'decoy' });
      return Promise.resolve();
    },
    now: () => now,
  });
  const leave = (what: string) => {
    envelopes.push({ at: now, what });
    // Every envelope passes the connection, which tells the cover.
    cover.sent();
  };
  const marker = () => leave('marker');
  const digest = async () => {
    upkeep.push('digest');
    if (upkeep.length > 1) return;
    await cover.upkeep(() => {
      const out = upkeep.join('+');
      upkeep = [];
      leave(out);
      return Promise.resolve(true);
    });
  };
  /** Second by second: what the plan makes at each second, then the cover's tick. */
  const run = async (seconds: number, plan: Record<number, ('marker' | 'digest')[]> = {}) => {
    const start = now;
    for (let t = 0; t < seconds; t++) {
      now = start + t * 1000;
      for (const kind of plan[t] ?? []) await (kind === 'marker' ? marker() : digest());
      await cover.tick();
    }
    now = start + seconds * 1000;
  };
  const count = (from: number, to: number) => envelopes.filter((e) => e.at >= from && e.at < to).length;
  return { cover, state, envelopes, run, count };
}

describe('Cover with the channel upkeep', () => {
  it('a minute with ten markers, each followed by a digest, shows as many envelopes as a quiet minute', async () => {
    const quiet = device();
    await quiet.run(120);
    const busy = device();
    await busy.run(60);
    const plan: Record<number, ('marker' | 'digest')[]> = {};
    // A marker every 6 s at irregular seconds, and the digest anti-entropy sends 2 s after each (once quiet).
    [1, 7, 13, 18, 25, 31, 36, 43, 49, 54].forEach((t) => {
      (plan[t] ??= []).push('marker');
      (plan[t + 2] ??= []).push('digest');
    });
    await busy.run(60, plan);
    expect(quiet.count(0, 60_000)).toBe(12);
    expect(quiet.count(60_000, 120_000)).toBe(12);
    expect(busy.count(0, 60_000)).toBe(12);
    expect(busy.count(60_000, 120_000)).toBe(12);
    const minute = busy.envelopes.filter((e) => e.at >= 60_000);
    // Every marker left at once; the digests, merged, at the free points.
    expect(minute.filter((e) => e.what === 'marker').map((e) => e.at / 1000 - 60)).toEqual([
      1, 7, 13, 18, 25, 31, 36, 43, 49, 54,
    ]);
    const others = minute.filter((e) => e.what !== 'marker');
    expect(others.length).toBe(2);
    for (const e of others) expect(e.at % 5_000).toBe(0);
    expect(others.some((e) => e.what.startsWith('digest'))).toBe(true);
  });

  it('upkeep leaves at the next point instead of a decoy, everything waiting in one go', async () => {
    const s = device();
    await s.run(6, { 1: ['digest'], 2: ['digest'] });
    // Points at 0 and 5 s: a decoy at 0, both digests in one envelope at 5 s, no decoy there.
    expect(s.envelopes).toEqual([
      { at: 0, what: 'decoy' },
      { at: 5_000, what: 'digest+digest' },
    ]);
    expect(s.cover.queued).toBe(0);
  });

  it('outside a session upkeep leaves at once', async () => {
    const s = device(false);
    await s.run(3, { 1: ['digest'] });
    expect(s.envelopes).toEqual([{ at: 1_000, what: 'digest' }]);
  });

  it('a burst takes as many points as it sent, up to MAX_OWED; upkeep waits at most MAX_WAIT_POINTS', async () => {
    const s = device();
    // A decoy at 0, then five envelopes at 1 s: the points at 5, 10, 15, 20 and 25 s are theirs.
    await s.run(1);
    await s.run(30, { 0: ['marker', 'marker', 'marker', 'marker', 'marker'] });
    expect(s.state.decoys).toEqual([0, 30_000]);
    const t = device();
    await t.run(1);
    // Twenty at once: only MAX_OWED points go silent after them.
    await t.run((MAX_OWED + 1) * 5, { 0: Array.from({ length: 20 }, () => 'marker' as const) });
    expect(t.state.decoys).toEqual([0, (MAX_OWED + 1) * 5_000]);
    // A digest behind markers that come faster than points leaves after MAX_WAIT_POINTS skipped points.
    const u = device();
    await u.run(1);
    const often: Record<number, ('marker' | 'digest')[]> = { 1: ['digest'] };
    for (let t = 0; t < (MAX_WAIT_POINTS + 3) * 5; t += 4) (often[t] ??= []).push('marker');
    await u.run((MAX_WAIT_POINTS + 3) * 5, often);
    expect(u.envelopes.filter((e) => e.what === 'digest')).toEqual([
      { at: (MAX_WAIT_POINTS + 1) * 5_000, what: 'digest' },
    ]);
    // While MAX_OWED points are owed (a burst), upkeep leaves at once.
    const w = device();
    await w.run(1);
    await w.run(2, { 0: Array.from({ length: MAX_OWED }, () => 'marker' as const), 1: ['digest'] });
    expect(w.envelopes.filter((e) => e.what === 'digest')).toEqual([{ at: 2_000, what: 'digest' }]);
    // Upkeep that found nothing to send when its point came: the point gets its decoy.
    const v = device();
    await v.run(1);
    await v.cover.upkeep(() => Promise.resolve(false));
    await v.run(6);
    expect(v.state.decoys).toEqual([0, 5_000]);
  });
});

describe('latestUpkeep', () => {
  it('keeps the latest presence and the latest digest of each session, everything else in order', () => {
    const digest = (sessionId: string, hash: string): ChannelEvent => ({
      t: 'digest',
      sessionId,
      hash,
      n: 1,
      members: 'm'.repeat(32),
    });
    const want: ChannelEvent = { t: 'want', to: 'd'.repeat(32), sessionId: 's1', keys: ['m:1'] };
    expect(
      latestUpkeep([
        { t: 'presence', state: 'here', at: 1 },
        digest('s1', 'a'),
        want,
        digest('s2', 'x'),
        { t: 'presence', state: 'away', at: 2 },
        digest('s1', 'b'),
      ]),
    ).toEqual([want, digest('s2', 'x'), { t: 'presence', state: 'away', at: 2 }, digest('s1', 'b')]);
  });
});
