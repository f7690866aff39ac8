import { describe, expect, it } from 'vitest';
import { debriefRun } from '../../../domain/practice';
import { scenarioById } from '../../../scenarios';
import { marker } from './builders';

// late-and-behind.json: behind-ana at 40 s (within 40, background or frame), face-ben at 90 s (within 30, body),
// late-dana at 140 s (within 45, frame), signal-look at 190 s (within 40, signal or coleader).
const s = scenarioById('late-and-behind')!;
const T0 = 1_800_000_000_000;
/** Wall-clock ms of scenario second `sec` at double speed. */
const at2 = (sec: number) => T0 + (sec * 1000) / 2;

describe('debriefRun', () => {
  it('at double speed: noticed within the halved window, how fast, named aloud, missed, one reason each', () => {
    const d = debriefRun(s, { id: 'r1', speed: 2, startedAt: T0 }, [
      marker({ id: 'a', wallAt: at2(40) + 4_000, category: 'background.seen' }),
      marker({ id: 'b', wallAt: at2(40) + 6_000, category: 'background.named' }),
      // Body, but 16 s after the face at double speed: past its 30 scenario seconds (15 s).
      marker({ id: 'c', wallAt: at2(90) + 16_000, category: 'body.face' }),
      marker({ id: 'd', wallAt: at2(140) + 2_500, category: 'frame.late' }),
      // Detection's own marker never counts as the leader noticing.
      marker({ id: 'e', wallAt: at2(190) + 1_000, category: 'signal.look', auto: true }),
      marker({ id: 'f', wallAt: at2(190) + 3_000, category: 'general.mark' }),
    ]);
    expect(d.moments.map((m) => [m.id, m.noticed, m.afterSeconds, m.namedAloud, m.markedWithoutKind])).toEqual([
      ['behind-ana', true, 4, true, false],
      ['face-ben', false, null, false, false],
      ['late-dana', true, 2.5, false, false],
      ['signal-look', false, null, false, true],
    ]);
    expect(d).toMatchObject({ id: 'r1', scenarioId: 'late-and-behind', noticed: 2, namedAloud: 1, meanSeconds: 3.3 });
    expect(d.moments[1]).toMatchObject({
      what: "Ben's face tightened while Ana spoke",
      counts: ['body'],
      why: expect.stringMatching(/\S/),
    });
  });

  it('a marker of the wrong family, a deleted one or one from before the run notices nothing', () => {
    const d = debriefRun(s, { id: 'r', speed: 1, startedAt: T0 }, [
      marker({ id: 'a', wallAt: T0 + 41_000, category: 'body.face' }),
      marker({ id: 'b', wallAt: T0 + 42_000, category: 'frame.privacy', deleted: true }),
      marker({ id: 'c', wallAt: T0 - 1, category: 'frame.late' }),
    ]);
    expect(d.noticed).toBe(0);
    expect(d.meanSeconds).toBeNull();
  });

  it('one marker notices one moment, and moments after a stop are left out', () => {
    const d = debriefRun(s, { id: 'r', speed: 1, startedAt: T0, stoppedAt: T0 + 100_000 }, [
      marker({ id: 'a', wallAt: T0 + 95_000, category: 'body.face' }),
    ]);
    expect(d.moments.map((m) => m.id)).toEqual(['behind-ana', 'face-ben']);
    expect(d.moments.map((m) => m.noticed)).toEqual([false, true]);
  });
});
