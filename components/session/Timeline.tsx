import { Component, type JSX } from 'preact';
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
/** A pin's x: LEFT plus its share of the session (its --at over the pins' --span) of the axis. */
const PIN_X = `calc(${LEFT}px + var(--at) / var(--span) * ${WIDTH - LEFT - 10}px)`;

/**
 * The session as a time axis: a lane per member, markers by category colour.
 * A pin's x is left to CSS, from its own time and the session's length set
 * once on the pins' group: the axis grows with the clock, and a new marker
 * must not move (re-render, set cx on) every other pin.
 */
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
        <g style={`--span:${t.durationMs}`}>
          {t.placed.map((p) => (
            <Pin key={p.marker.id} marker={p.marker} lane={p.lane} color={p.color} custom={custom} onOpen={onOpen} />
          ))}
        </g>
      </svg>
    </figure>
  );
}

interface PinProps {
  marker: Marker;
  lane: number;
  color: string;
  custom: CustomCategory[] | undefined;
  onOpen: ((m: Marker) => void) | undefined;
}

/** One marker's pin; renders again only when what it shows changed. */
class Pin extends Component<PinProps> {
  override shouldComponentUpdate(n: PinProps): boolean {
    const c = this.props;
    return (
      n.marker !== c.marker ||
      n.lane !== c.lane ||
      n.color !== c.color ||
      n.custom !== c.custom ||
      n.onOpen !== c.onOpen
    );
  }

  override render(): JSX.Element {
    const { marker, lane, color, custom, onOpen } = this.props;
    const label = `${formatClock(marker.at)} ${categoryLabel(marker.category, custom)}`;
    return (
      <circle
        style={`--at:${marker.at};cx:${PIN_X}`}
        cy={lane * LANE + 11}
        r={6}
        fill={color}
        class={`pin${marker.auto ? ' auto' : ''}`}
        tabIndex={onOpen ? 0 : undefined}
        role={onOpen ? 'button' : undefined}
        aria-label={label}
        onClick={() => onOpen?.(marker)}
        onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onOpen?.(marker)}
      >
        <title>{label}</title>
      </circle>
    );
  }
}
