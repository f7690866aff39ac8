/**
 * One row of the bench table. A figure only reports: whether a target is met
 * is shown, never asserted (timed assertions do not belong in tests).
 */
/** `n` is a plain count (e.g. DOM nodes); `%` a share of one CPU core (above 100 on several). */
export type Unit = 'ms' | 'x' | 'B' | 'n' | '%';

/** Inclusive bounds; either may be left out. */
export interface Target {
  min?: number;
  max?: number;
}

interface FigureBase {
  /** Stable key in bench.json, e.g. `unlock.chromium.median`. */
  id: string;
  /** What the table shows in its first column. */
  label: string;
  /** How it was measured, in a few words (kept in bench.json, not in the table). */
  how?: string;
}

/** A measured quantity. */
export interface NumberFigure extends FigureBase {
  value: number;
  unit: Unit;
  target?: Target;
}

/** A finding in one word (e.g. `lazy` or `eager`); its target is the word wanted. */
export interface WordFigure extends FigureBase {
  value: string;
  unit: 'word';
  target?: { is: string };
}

export type Figure = NumberFigure | WordFigure;

/** met is null when the figure has no target. */
export type MeasuredFigure = Figure & { met: boolean | null };

export function judge(f: Figure): MeasuredFigure {
  if (f.unit === 'word') return { ...f, met: f.target ? f.value === f.target.is : null };
  const t = f.target;
  const met = t ? (t.min === undefined || f.value >= t.min) && (t.max === undefined || f.value <= t.max) : null;
  return { ...f, met };
}
