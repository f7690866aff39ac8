/**
 * One row of the bench table. A figure only reports: whether a target is met
 * is shown, never asserted (timed assertions do not belong in tests).
 */
export type Unit = 'ms' | 'x' | 'B';

/** Inclusive bounds; either may be left out. */
export interface Target {
  min?: number;
  max?: number;
}

export interface Figure {
  /** Stable key in bench.json, e.g. `unlock.chromium.median`. */
  id: string;
  /** What the table shows in its first column. */
  label: string;
  value: number;
  unit: Unit;
  target?: Target;
  /** How it was measured, in a few words (kept in bench.json, not in the table). */
  how?: string;
}

export interface MeasuredFigure extends Figure {
  /** null when the figure has no target. */
  met: boolean | null;
}

export function judge(f: Figure): MeasuredFigure {
  const t = f.target;
  const met = t ? (t.min === undefined || f.value >= t.min) && (t.max === undefined || f.value <= t.max) : null;
  return { ...f, met };
}
