import { describe, expect, it } from 'vitest';
import { debriefPair, followClock, MAX_LAG_MS, scenarioMsAt, type PracticeMark } from '../../../domain/rehearsal';
import { scenarioById } from '../../../scenarios';

// late-and-behind.json: behind-ana at 40 s (within 40, background or frame), face-ben at 90 s (within 30, body),
// late-dana at 140 s (within 45, frame), signal-look at 190 s (within 40, signal or coleader).
const s = scenarioById('late-and-behind')!;
const run = { id: 'r1', version: 1, speed: 2 as const, startedAt: 0, me: 'a' as const, partial: false };
const mark = (p: Partial<PracticeMark> & Pick<PracticeMark, 'id' | 'by' | 'family' | 'scenarioMs'>): PracticeMark => ({
  aloud: false,
  speed: 2,
  ...p,
});

describe('the shared scenario clock', () => {
  it('reads the scenario time at its speed while playing, and stands still paused', () => {
    const c = { speed: 2 as const, playing: true, atMs: 10_000, wall: 1_000 };
    expect(scenarioMsAt(c, 4_000)).toBe(16_000);
    expect(scenarioMsAt({ ...c, playing: false }, 4_000)).toBe(10_000);
  });

  it("follows a co-leader's word: their scenario time plus the time it took to arrive, at the shared speed", () => {
    const now = 50_000;
    expect(followClock({ speed: 2, playing: true, scenarioMs: 30_000, sentAt: now - 300 }, now)).toEqual({
      speed: 2,
      playing: true,
      atMs: 30_600,
      wall: now,
    });
    // Paused: the time it took changes nothing.
    expect(followClock({ speed: 1, playing: false, scenarioMs: 30_000, sentAt: now - 300 }, now).atMs).toBe(30_000);
  });

  it("takes at most MAX_LAG_MS of delay, and none from a clock ahead of this one's", () => {
    const now = 50_000;
    expect(followClock({ speed: 1, playing: true, scenarioMs: 0, sentAt: now - 60_000 }, now).atMs).toBe(MAX_LAG_MS);
    expect(followClock({ speed: 1, playing: true, scenarioMs: 5_000, sentAt: now + 900 }, now).atMs).toBe(5_000);
  });
});

describe('debriefPair', () => {
  it('says for each moment who noticed it (A, B, both, neither), how fast as lived, and who said it aloud', () => {
    const d = debriefPair(s, { ...run, endMs: 240_000 }, [
      mark({ id: 'a1', by: 'a', family: 'background', scenarioMs: 44_000 }),
      mark({ id: 'b1', by: 'b', family: 'frame', scenarioMs: 50_000 }),
      // Body, but past face-ben's 30 s window.
      mark({ id: 'a2', by: 'a', family: 'body', scenarioMs: 121_000 }),
      mark({ id: 'b2', by: 'b', family: 'frame', scenarioMs: 143_000, speed: 1 }),
      mark({ id: 'a3', by: 'a', family: 'coleader', aloud: true, scenarioMs: 200_000 }),
    ]);
    expect(d.moments.map((m) => [m.id, m.noticedBy, m.after.a, m.after.b, m.aloud.a, m.aloud.b])).toEqual([
      ['behind-ana', 'both', 2, 5, false, false],
      ['face-ben', 'neither', null, null, false, false],
      // B marked at normal speed then: 3 scenario seconds are 3 s as lived.
      ['late-dana', 'b', null, 3, false, false],
      ['signal-look', 'a', 5, null, true, false],
    ]);
    expect(d.noticed).toEqual({ a: 2, b: 2, either: 3 });
    expect(d.namedAloud).toBe(1);
    expect(d.moments[1]!.counts).toEqual(['body']);
  });

  it('leaves out moments not played before it was stopped, and is the same whichever side makes it', () => {
    const marks = [
      mark({ id: 'x', by: 'b', family: 'background', scenarioMs: 41_000 }),
      mark({ id: 'y', by: 'a', family: 'body', scenarioMs: 95_000 }),
    ];
    const onA = debriefPair(s, { ...run, endMs: 100_000 }, marks);
    const onB = debriefPair(s, { ...run, me: 'b', endMs: 100_000 }, [...marks].reverse());
    expect(onA.moments.map((m) => m.id)).toEqual(['behind-ana', 'face-ben']);
    expect(onB.moments).toEqual(onA.moments);
    expect(onA.moments.map((m) => m.noticedBy)).toEqual(['b', 'a']);
  });

  it('counts each mark for one moment only, and a mark of the wrong family for none', () => {
    const d = debriefPair(s, { ...run, endMs: 240_000 }, [
      mark({ id: 'p', by: 'a', family: 'presence', scenarioMs: 42_000 }),
      mark({ id: 'f', by: 'a', family: 'frame', scenarioMs: 141_000 }),
    ]);
    expect(d.moments.map((m) => m.noticedBy)).toEqual(['neither', 'neither', 'a', 'neither']);
  });
});
