import type { Figure, MeasuredFigure, Target, Unit } from './figure';

const nf = new Intl.NumberFormat('en-US');

export function formatValue(v: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return v >= 100 ? `${nf.format(Math.round(v))} ms` : `${v.toFixed(1)} ms`;
    case 'x':
      return `${v.toFixed(2)}x`;
    case 'B':
      return `${nf.format(Math.round(v))} B (${(v / 1024).toFixed(1)} KiB)`;
    case 'n':
      return nf.format(Math.round(v));
    case '%':
      return `${v.toFixed(1)} %`;
  }
}

export function formatTarget(t: Target | undefined, unit: Unit): string {
  if (!t) return '—';
  const f = (v: number) => (unit === 'B' ? `${nf.format(v)} B` : formatValue(v, unit));
  if (t.min !== undefined && t.max !== undefined) return `${f(t.min)} – ${f(t.max)}`;
  if (t.max !== undefined) return `≤ ${f(t.max)}`;
  return `≥ ${f(t.min!)}`;
}

function shownValue(f: Figure): string {
  return f.unit === 'word' ? f.value : formatValue(f.value, f.unit);
}

function shownTarget(f: Figure): string {
  if (f.unit === 'word') return f.target ? f.target.is : '—';
  return formatTarget(f.target, f.unit);
}

/** A Markdown table, so the same text reads in a terminal and pastes into BENCHMARKS.md. */
export function renderTable(figures: readonly MeasuredFigure[]): string {
  const rows = figures.map((f) => [
    f.label,
    shownValue(f),
    shownTarget(f),
    f.met === null ? '—' : f.met ? 'yes' : 'no',
  ]);
  const head = ['Figure', 'Value', 'Target', 'Met'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
