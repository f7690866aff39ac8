/**
 * The hash ratchet's cost per message: one chain step (MK and next CK, two
 * HMAC-SHA-256) and one message key taken from a receive chain, in Chromium
 * (the panel's engine) and in Node (reference).
 */
import type { FigureSource } from '../lib/context';
import type { Figure, Target } from '../lib/figure';
import { median } from '../lib/stats';
import { ratchet, type RatchetSamples } from '../tasks/ratchet';

const ARGS = { runs: 9, steps: 2000 };
const TARGET: Target = { max: 0.1 };

export const ratchetFigures: FigureSource = {
  name: 'ratchet step',
  async measure(ctx) {
    const browser = await ctx.browser();
    return [
      ...figures('Chromium', await browser.run('ratchet', ARGS), TARGET),
      ...figures('Node', await ratchet(ARGS)),
    ];
  },
};

function figures(where: string, s: RatchetSamples, target?: Target): Figure[] {
  const how = `median of ${ARGS.runs} rounds of ${ARGS.steps} messages after a warm-up`;
  return [
    {
      id: `ratchet.step.${where.toLowerCase()}.median`,
      label: `Ratchet step per message, ${where}`,
      value: median(s.stepMs),
      unit: 'ms',
      ...(target ? { target } : {}),
      how: `chainStep(): HMAC-SHA-256 twice (@noble/hashes), ${how}`,
    },
    {
      id: `ratchet.take.${where.toLowerCase()}.median`,
      label: `Message key taken from a receive chain, ${where}`,
      value: median(s.takeMs),
      unit: 'ms',
      ...(target ? { target } : {}),
      how: `ReceiveChain.take() of the next counter, ${how}`,
    },
  ];
}
