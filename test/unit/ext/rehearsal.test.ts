// Two leaders' rehearsal services, each word carried as the channel carries it: encoded, then parsed and checked.
import { afterEach, describe, expect, it } from 'vitest';
import { encodeEvents, parseEvents, type PracticeEvent } from '../../../channel/events';
import type { PairDebrief } from '../../../domain/rehearsal';
import type { Rehearsal } from '../../../ext/common/rehearsal-state';
import { Rehearsals } from '../../../ext/panel/rehearsal';
import { scenarioById } from '../../../scenarios';

let clock = 1_000_000;
let ids = 0;
const services: Rehearsals[] = [];

function side(lagMs: number) {
  const saved: PairDebrief[] = [];
  let stored: Rehearsal | undefined;
  const held: PracticeEvent[] = [];
  const self = {
    saved,
    held,
    other: undefined as undefined | { r: Rehearsals },
    /** Words are held until delivered, as a broker would. */
    deliver: async () => {
      for (const e of held.splice(0)) {
        const parsed = parseEvents(encodeEvents([e]));
        expect(parsed).toBeDefined();
        clock += lagMs;
        await self.other!.r.heard('g1', parsed![0] as PracticeEvent);
      }
    },
    r: new Rehearsals({
      send: async (_g, e) => void held.push(e),
      scenario: scenarioById,
      read: async () => stored,
      write: async (r) => void (stored = r),
      save: async (d) => void saved.push(d),
      now: () => clock,
      newId: () => `id${++ids}`,
      finalWaitMs: 50,
    }),
    state: () => stored,
  };
  services.push(self.r);
  return self;
}

afterEach(() => {
  for (const s of services.splice(0)) s.dispose();
});

describe('a pair rehearsal between two panels', () => {
  it('B joins at A’s scenario time, follows a pause and a resume, and both make the same joint debrief', async () => {
    const a = side(300);
    const b = side(300);
    a.other = b;
    b.other = a;
    await a.r.start('g1', 'first-minutes', 2);
    clock += 4_000;
    await a.deliver();
    expect(b.state()).toMatchObject({ phase: 'asked', me: 'b', scenarioId: 'first-minutes' });
    await b.r.join();
    await b.deliver();
    await a.deliver(); // A's answer (sync) sets B's clock
    const at = (s: ReturnType<typeof side>) => s.state()!.clock.atMs + (clock - s.state()!.clock.wall) * 2;
    expect(Math.abs(at(a) - at(b))).toBeLessThanOrEqual(600);

    clock += 8_000; // scenario ~25 s: the co-leader's signal at 20 s
    await a.r.mark('coleader', true);
    await a.r.pause();
    await a.deliver();
    expect(b.state()!.clock.playing).toBe(false);
    expect(b.state()!.clock.atMs).toBe(a.state()!.clock.atMs);
    clock += 30_000; // paused: no scenario time passes
    await b.r.resume();
    await b.deliver();
    expect(a.state()!.clock).toMatchObject({ playing: true, atMs: b.state()!.clock.atMs + 600 });
    clock += 20_000; // ~66 s: Ben left at 60 s
    await b.r.mark('frame');
    await b.r.stop();
    await b.deliver();
    await a.deliver();
    expect(a.saved.at(-1)!.partial).toBe(false);
    expect(b.saved.at(-1)!.partial).toBe(false);
    const who = (d: PairDebrief) => d.moments.map((m) => [m.id, m.noticedBy]);
    expect(who(a.saved.at(-1)!)).toEqual([
      ['signal-come-in', 'a'],
      ['leave-ben', 'b'],
    ]);
    expect(b.saved.at(-1)!.moments).toEqual(a.saved.at(-1)!.moments);
    expect([a.saved.at(-1)!.me, b.saved.at(-1)!.me]).toEqual(['a', 'b']);
  });

  it('never lets an older word move the clock back, and ignores words of another rehearsal', async () => {
    const a = side(100);
    const b = side(100);
    a.other = b;
    b.other = a;
    await a.r.start('g1', 'late-and-behind', 1);
    await a.deliver();
    await b.r.join();
    await b.deliver();
    await a.deliver();
    await a.r.pause();
    await a.r.resume();
    const [pause, resume] = a.held.splice(0);
    await b.r.heard('g1', resume!);
    await b.r.heard('g1', pause!);
    expect(b.state()!.clock.playing).toBe(true);
    await b.r.heard('g1', { ...pause!, rehearsal: 'other', seq: 99 });
    await b.r.heard('g2', { ...pause!, seq: 99 });
    expect(b.state()!.clock.playing).toBe(true);
  });

  it('debriefs at once when the co-leader never joined, and their ask goes', async () => {
    const a = side(0);
    const b = side(0);
    a.other = b;
    b.other = a;
    await a.r.start('g1', 'first-minutes', 1);
    await a.deliver();
    expect(b.state()?.phase).toBe('asked');
    await a.r.stop();
    expect(a.saved.at(-1)).toMatchObject({ partial: false, me: 'a' });
    await a.deliver();
    expect(b.state()).toBeUndefined();
  });

  it('debriefs without the co-leader’s final list after a while, marked partial', async () => {
    const a = side(0);
    const b = side(0);
    a.other = b;
    b.other = a;
    await a.r.start('g1', 'first-minutes', 2);
    await a.deliver();
    await b.r.join();
    await b.deliver();
    await a.r.stop();
    await new Promise((r) => setTimeout(r, 120));
    expect(a.saved.at(-1)).toMatchObject({ partial: true, me: 'a' });
  });
});
