/** Sealed Dexie rows against plain ones, in Chromium's on-disk IndexedDB. */
import type { FigureSource } from '../lib/context';
import type { Figure, Target } from '../lib/figure';
import { median } from '../lib/stats';
import type { Pair, StoreArgs } from '../tasks/store';

const ARGS: StoreArgs = { records: 1000, bodyChars: 200, rounds: 15, singleRounds: 4 };
const RATIO_TARGET = { max: 1.5 };

export const storeFigures: FigureSource = {
  name: 'store',
  async measure(ctx) {
    const browser = await ctx.browser();
    const s = await browser.run('store', ARGS);
    const n = ARGS.records.toLocaleString('en-US');
    const body = `${Math.round(s.textChars)}-char JSON body, ${Math.round(s.sealedBodyBytes)} B sealed`;
    return [
      ...trio(
        'store.write.bulk',
        `Write ${n}, bulkPut in 1 tx`,
        s.bulkWriteMs,
        ARGS.rounds,
        RATIO_TARGET,
        `seal + bulkPut; ${body}`,
      ),
      ...trio(
        'store.read',
        `Read ${n}, one session's timeline`,
        s.readMs,
        ARGS.rounds,
        RATIO_TARGET,
        `where('[sessionId+at]') one session, toArray + open; ${body}`,
      ),
      cipherOnly('store.cipher.seal', `Seal ${n} bodies, no IndexedDB`, s.sealOnlyMs),
      cipherOnly('store.cipher.open', `Open ${n} bodies, no IndexedDB`, s.openOnlyMs),
      ...trio(
        'store.write.single',
        `Write ${n}, one put each`,
        s.singleWriteMs,
        ARGS.singleRounds,
        undefined,
        `seal + put, one tx per record; ${body}`,
      ),
    ];
  },
};

/**
 * Plain time, sealed time (medians), and the ratio: the median of each
 * round's sealed/plain. Both sides of a round run back to back, so a load
 * change on the machine between rounds cancels out of the ratio.
 */
function trio(id: string, label: string, ms: Pair, rounds: number, target: Target | undefined, how: string): Figure[] {
  const plain = median(ms.plain);
  const sealed = median(ms.sealed);
  const samples = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');
  return [
    {
      id: `${id}.plain`,
      label: `${label}: plain Dexie`,
      value: plain,
      unit: 'ms',
      how: `median of ${rounds}: ${samples(ms.plain)} ms`,
    },
    {
      id: `${id}.sealed`,
      label: `${label}: sealed`,
      value: sealed,
      unit: 'ms',
      how: `${how}; median of ${rounds}: ${samples(ms.sealed)} ms`,
    },
    {
      id: `${id}.ratio`,
      label: `${label}: sealed / plain`,
      value: median(ms.sealed.map((x, i) => x / ms.plain[i]!)),
      unit: 'x',
      target,
      how: `median of ${rounds} per-round ratios; ratio of the medians ${(sealed / plain).toFixed(2)}x`,
    },
  ];
}

/** The crypto share of the sealed times, so a missed ratio says where the time went. */
function cipherOnly(id: string, label: string, ms: number[]): Figure {
  return {
    id,
    label,
    value: median(ms),
    unit: 'ms',
    how: `fieldCipher only, median of ${ms.length}: ${ms.map((x) => x.toFixed(1)).join(', ')} ms`,
  };
}
