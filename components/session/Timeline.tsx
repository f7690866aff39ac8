import type { JSX } from 'preact';
import { categoryLabel } from '../../domain/categories';
import { formatClock } from '../../domain/clock';
import { layoutTimeline } from '../../domain/timeline';
import type { CustomCategory, Marker, Member } from '../../domain/types';

interface Props {
  markers: Marker[];
  members: Member[];
  durationMs: number;
  custom?: CustomCategory[];
  onOpen?: (m: Marker) => void;
}

const LANE = 22;
const LEFT = 90;
const WIDTH = 600;

/** The session as a time axis: a lane per member, markers by category colour. */
export function Timeline({ markers, members, durationMs, custom, onOpen }: Props): JSX.Element {
  const t = layoutTimeline(markers, members, durationMs);
  const height = t.lanes.length * LANE + 24;
  const x = (f: number) => LEFT + f * (WIDTH - LEFT - 10);
  return (
    <figure class="timeline">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={`Timeline with ${t.placed.length} markers`}>
        {t.lanes.map((lane, i) => (
          <g key={lane.memberId ?? 'group'}>
            <text x={4} y={i * LANE + 15} class="lane-label">
              {lane.label.slice(0, 14)}
            </text>
            <line x1={LEFT} x2={WIDTH - 10} y1={i * LANE + 11} y2={i * LANE + 11} class="lane-line" />
          </g>
        ))}
        {t.ticks.map((tick) => (
          <text key={tick} x={x(tick / t.durationMs)} y={height - 6} class="tick" text-anchor="middle">
            {formatClock(tick)}
          </text>
        ))}
        {t.placed.map((p) => (
          <circle
            key={p.marker.id}
            cx={x(p.x)}
            cy={p.lane * LANE + 11}
            r={6}
            fill={p.color}
            class={`pin${p.marker.auto ? ' auto' : ''}`}
            tabIndex={onOpen ? 0 : undefined}
            role={onOpen ? 'button' : undefined}
            aria-label={`${formatClock(p.marker.at)} ${categoryLabel(p.marker.category, custom)}`}
            onClick={() => onOpen?.(p.marker)}
            onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onOpen?.(p.marker)}
          >
            <title>{`${formatClock(p.marker.at)} ${categoryLabel(p.marker.category, custom)}`}</title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}
