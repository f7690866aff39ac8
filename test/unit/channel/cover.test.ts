// Cover traffic: during a live session an envelope at least every interval; a real one takes a decoy's place.
import { describe, expect, it } from 'vitest';
import { COVER_INTERVAL_MS, Cover } from '../../../channel/cover';

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
