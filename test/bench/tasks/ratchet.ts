/**
 * The per-sender hash ratchet (crypto/ratchet.ts) as the panel runs it: one
 * chain step per message, timed over many steps, and one message key taken
 * from a receive chain. Runs unchanged in Node and in the bench page.
 */
import { ReceiveChain, chainStep } from '../../../crypto';

export interface RatchetArgs {
  /** Rounds, each timing `steps` chain steps. */
  runs: number;
  steps: number;
}

export interface RatchetSamples {
  /** Milliseconds per chain step, one sample per round. */
  stepMs: number[];
  /** Milliseconds per message key taken from a receive chain in order, one sample per round. */
  takeMs: number[];
}

export function ratchet({ runs, steps }: RatchetArgs): Promise<RatchetSamples> {
  const stepMs: number[] = [];
  const takeMs: number[] = [];
  let ck: Uint8Array = crypto.getRandomValues(new Uint8Array(32));
  // Warm-up: the JIT sees the same code before the samples.
  for (let i = 0; i < steps; i++) ck = chainStep(ck).next;
  for (let r = 0; r < runs; r++) {
    let t0 = performance.now();
    for (let i = 0; i < steps; i++) {
      const s = chainStep(ck);
      s.mk.fill(0);
      ck.fill(0);
      ck = s.next;
    }
    stepMs.push((performance.now() - t0) / steps);
    const chain = ReceiveChain.start(ck);
    t0 = performance.now();
    for (let c = 1; c <= steps; c++) chain.take(c)?.fill(0);
    takeMs.push((performance.now() - t0) / steps);
    chain.erase();
  }
  return Promise.resolve({ stepMs, takeMs });
}
