/**
 * Unlock time with the default KDF: in Chromium (the figure that counts) and
 * in Node (reference). Two sources, so Node's figure survives a missing Chromium.
 */
import { DEFAULT_KDF } from '../../../crypto';
import type { FigureSource } from '../lib/context';
import type { Figure, Target } from '../lib/figure';
import { median } from '../lib/stats';
import { unlock, type UnlockSamples } from '../tasks/unlock';

const RUNS = 5;
const TARGET = { min: 250, max: 1000 };
const kdf = `Argon2id ${DEFAULT_KDF.memKiB / 1024} MiB, t=${DEFAULT_KDF.iterations}, p=${DEFAULT_KDF.parallelism}`;

export const unlockInChromium: FigureSource = {
  name: 'unlock in Chromium',
  async measure(ctx) {
    const browser = await ctx.browser();
    return [figure('Chromium', await browser.run('unlock', { runs: RUNS }), TARGET)];
  },
};

export const unlockInNode: FigureSource = {
  name: 'unlock in Node',
  measure: async () => [figure('Node', await unlock({ runs: RUNS }))],
};

function figure(where: string, { samplesMs }: UnlockSamples, target?: Target): Figure {
  return {
    id: `unlock.${where.toLowerCase()}.median`,
    label: `Unlock, ${where} (median of ${RUNS})`,
    value: median(samplesMs),
    unit: 'ms',
    target,
    how:
      `unlockVault() with ${kdf}, after one createVault() warm-up; ` +
      `samples ${samplesMs.map((s) => s.toFixed(0)).join(', ')} ms`,
  };
}
