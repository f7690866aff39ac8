/**
 * Attributing a V8 CPU profile (CDP Profiler.stop) to one script: a sample
 * counts when any frame on its stack belongs to it, so the DOM work its code
 * asks for (querySelectorAll, style for checkVisibility) counts too. Same
 * rule as the first probe of this figure.
 */
export interface CpuProfile {
  nodes: { id: number; callFrame: { url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface Attributed {
  /** Sampled time with a matching frame on the stack. */
  micros: number;
  samples: number;
  /** All sampled time, idle included. */
  totalMicros: number;
}

export function attribute(p: CpuProfile, ours: (url: string) => boolean): Attributed {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const memo = new Map<number, boolean>();
  const onStack = (id: number): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    const v = ours(byId.get(id)?.callFrame.url ?? '') || (up !== undefined && onStack(up));
    memo.set(id, v);
    return v;
  };
  let micros = 0;
  let samples = 0;
  let totalMicros = 0;
  // timeDeltas[i] is the time before sample i, so sample i lasted until timeDeltas[i + 1].
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i + 1] ?? 0;
    totalMicros += dt;
    if (onStack(id)) {
      micros += dt;
      samples++;
    }
  });
  return { micros, samples, totalMicros };
}
