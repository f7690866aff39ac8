import type { JSX } from 'preact';
import { t, type LabelKey } from '../../util/i18n';
import { sessionDay } from '../../domain/clock';
import { fixed } from '../../util/format';
import { Message } from '../common/Message';
import { Button } from '../common/Button';
import { useState } from 'preact/hooks';
import type { TrendPoint, TrendSeries } from '../../domain/gcq';

interface Props {
  groupName: string;
  points: readonly TrendPoint[];
  /** Which lines to draw; GCQ-S subscales by default. */
  series?: readonly TrendSeries[];
}

const META: Record<TrendSeries, { name: LabelKey; color: string; dash?: string; min: number; max: number }> = {
  engaged: { name: 'trend.engaged', color: '#1b7f5b', min: 0, max: 6 },
  avoiding: { name: 'trend.avoiding', color: '#8a5a00', dash: '6 3', min: 0, max: 6 },
  conflict: { name: 'trend.conflict', color: '#b3261e', dash: '2 3', min: 0, max: 6 },
  goal: { name: 'trend.goal', color: '#3556a8', min: 1, max: 7 },
  task: { name: 'trend.task', color: '#6b3fa0', dash: '6 3', min: 1, max: 7 },
  bond: { name: 'trend.bond', color: '#0f6f8a', dash: '2 3', min: 1, max: 7 },
};

const W = 320;
const H = 160;
const PAD = { l: 28, r: 8, t: 8, b: 22 };
/** A session's day in the current language and the browser's time zone. */
const day = sessionDay;
const fmt = (v: number | null) => fixed(v, 2);

/**
 * A group's climate across sessions: an SVG line per series (told apart by
 * dash as well as colour), summarised for screen readers, with a table view
 * of the same numbers.
 */
export function TrendChart({ groupName, points, series = ['engaged', 'avoiding', 'conflict'] }: Props): JSX.Element {
  const [table, setTable] = useState(false);
  if (points.length === 0)
    return (
      <p class="quiet">
        <Message id="trend.none" parts={{ name: <bdi>{groupName}</bdi> }} />
      </p>
    );
  const lo = Math.min(...series.map((s) => META[s].min));
  const hi = Math.max(...series.map((s) => META[s].max));
  const x = (i: number) =>
    PAD.l + (points.length === 1 ? (W - PAD.l - PAD.r) / 2 : (i * (W - PAD.l - PAD.r)) / (points.length - 1));
  const y = (v: number) => PAD.t + ((hi - v) * (H - PAD.t - PAD.b)) / (hi - lo);
  const last = points[points.length - 1]!;
  const rated = t('trend.rated', points.length);
  const latest = series.map((s) => `${t(META[s].name)} ${fmt(last[s])}`).join(', ');
  const summary = t('trend.summary', {
    name: groupName,
    rated,
    from: day(points[0]!.at),
    to: day(last.at),
    latest,
  });
  return (
    <figure class="card" data-trend>
      <figcaption class="row">
        <span class="grow">{t('trend.title')}</span>
        <Button aria-pressed={table} onClick={() => setTable(!table)}>
          {table ? t('trend.showChart') : t('trend.showTable')}
        </Button>
      </figcaption>
      {table ? (
        <table>
          <caption class="sr-only">{summary}</caption>
          <thead>
            <tr>
              <th scope="col">{t('trend.session')}</th>
              <th scope="col">{t('trend.ratings')}</th>
              {series.map((s) => (
                <th scope="col" key={s}>
                  {t(META[s].name)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.sessionId}>
                <th scope="row">{day(p.at)}</th>
                <td>{p.n}</td>
                {series.map((s) => (
                  <td key={s}>{fmt(p[s])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <>
          <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} width="100%">
            {[lo, (lo + hi) / 2, hi].map((v) => (
              <g key={v} aria-hidden="true">
                <line x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} stroke="#ccc" stroke-width="0.5" />
                <text x={PAD.l - 4} y={y(v) + 3} font-size="9" text-anchor="end">
                  {v}
                </text>
              </g>
            ))}
            {series.map((s) => {
              const pts = points
                .map((p, i) => (p[s] === null ? null : `${x(i)},${y(p[s])}`))
                .filter((p): p is string => p !== null);
              return (
                <g key={s} aria-hidden="true">
                  <polyline
                    points={pts.join(' ')}
                    fill="none"
                    stroke={META[s].color}
                    stroke-width="1.5"
                    stroke-dasharray={META[s].dash}
                  />
                  {pts.map((p) => {
                    const [cx, cy] = p.split(',');
                    return <circle key={p} cx={cx} cy={cy} r="2" fill={META[s].color} />;
                  })}
                </g>
              );
            })}
            <text x={PAD.l} y={H - 6} font-size="9" aria-hidden="true">
              {day(points[0]!.at)}
            </text>
            <text x={W - PAD.r} y={H - 6} font-size="9" text-anchor="end" aria-hidden="true">
              {day(last.at)}
            </text>
          </svg>
          <ul class="chips" aria-hidden="true">
            {series.map((s) => (
              <li key={s} class="chip">
                <svg width="18" height="6" aria-hidden="true">
                  <line
                    x1="0"
                    x2="18"
                    y1="3"
                    y2="3"
                    stroke={META[s].color}
                    stroke-width="2"
                    stroke-dasharray={META[s].dash}
                  />
                </svg>{' '}
                {t(META[s].name)}
              </li>
            ))}
          </ul>
        </>
      )}
    </figure>
  );
}
