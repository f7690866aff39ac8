import { Component, type JSX } from 'preact';
import { useCallback, useEffect, useId, useRef, useState } from 'preact/hooks';
import { categoryLabel, familyOf } from '../../domain/categories';
import { formatClock } from '../../domain/clock';
import { layoutTimeline, type Lane, type Pin as PinLayout } from '../../domain/timeline';
import type { CustomCategory, Marker, Member } from '../../domain/types';
import { t as tr } from '../../util/i18n';

interface Props {
  markers: Marker[];
  members: Member[];
  durationMs: number;
  custom?: CustomCategory[];
  onOpen?: (m: Marker) => void;
}

/** Least distance between pins' centres (a 20 px pin and room around it), in CSS px. */
const PIN_PX = 24;
/** The axis's width until the first measure (a 360 px panel's). */
const FIRST_TRACK_PX = 220;
/** How much of a marker's text its pin's name carries. */
const TEXT_IN_NAME = 80;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** "12:03, Crisis, Avery Jones: what was noted". */
export function markerName(m: Marker, lane: Lane, custom: readonly CustomCategory[] | undefined): string {
  const text = m.text.trim();
  const said = text ? `: ${clip(text, TEXT_IN_NAME)}` : '';
  return `${formatClock(m.at)}, ${categoryLabel(m.category, custom)}, ${lane.label}${said}`;
}

/** A shared pin says so when one of its markers is a risk one, which must not hide behind a count. */
const hasRisk = (p: PinLayout) => p.markers.some((m) => familyOf(m.category).id === 'risk');

function pinName(p: PinLayout, lane: Lane, custom: readonly CustomCategory[] | undefined): string {
  if (p.markers.length === 1) return markerName(p.markers[0]!, lane, custom);
  const last = p.markers[p.markers.length - 1]!;
  const parts = {
    markers: tr('session.markerCount', p.markers.length),
    from: formatClock(p.at),
    to: formatClock(last.at),
    lane: lane.label,
  };
  return hasRisk(p) ? tr('markers.pinGroupRisk', parts) : tr('markers.pinGroup', parts);
}

/**
 * The session as a time axis drawn in CSS at the panel's own width, so text
 * keeps its size: a lane per member and one for the whole group, a legend of
 * the marker families (a hue and a letter each), and pins that show a marker
 * on hover or focus and open it with Enter. Pins too close to tell apart
 * share one, with their count. One pin takes the Tab stop; arrow keys move
 * along a lane and between lanes.
 *
 * A pin's x is left to CSS, from its own time (--at) and the session's length
 * (--span) set once on the lanes: the axis grows with the clock, and a new
 * marker must not render every other pin again.
 */
export function Timeline({ markers, members, durationMs, custom, onOpen }: Props): JSX.Element {
  const id = useId();
  const axis = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [trackPx, setTrackPx] = useState(FIRST_TRACK_PX);
  useEffect(() => {
    const el = axis.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const watch = new ResizeObserver(([entry]) => {
      const w = Math.round(entry?.contentRect.width ?? 0);
      if (w > 0) setTrackPx(w);
    });
    watch.observe(el);
    return () => watch.disconnect();
  }, []);
  const t = layoutTimeline(markers, members, durationMs, { trackPx, pinPx: PIN_PX });
  const layout = useRef(t);
  layout.current = t;

  // The pin with the Tab stop, the one under the pointer, the one with the
  // focus, and a shared pin whose markers were asked for.
  const [stop, setStop] = useState<string | null>(null);
  const [hovered, setHovered] = useState<string | null>(null);
  const [focused, setFocused] = useState<string | null>(null);
  const [held, setHeld] = useState<string | null>(null);
  const find = (key: string | null) => (key ? t.pins.find((p) => p.key === key) : undefined);
  const tabStop = find(stop) ?? [...t.pins].sort((a, b) => a.at - b.at)[0];
  const shown = find(held) ?? find(hovered) ?? find(focused);

  const onOpenRef = useRef(onOpen);
  onOpenRef.current = onOpen;
  const activate = useCallback((key: string) => {
    const pin = layout.current.pins.find((p) => p.key === key);
    if (!pin) return;
    if (pin.markers.length === 1) return void onOpenRef.current?.(pin.markers[0]!);
    setHeld((h) => (h === key ? null : key));
  }, []);
  const focus = useCallback((key: string | null) => {
    setFocused(key);
    if (key) setStop(key);
  }, []);
  const hover = useCallback((key: string | null) => setHovered(key), []);

  // Arrow keys on a pin: along its lane, or to the nearest in time in the next lane with pins.
  const navigate = useCallback((from: string, e: KeyboardEvent) => {
    const t = layout.current;
    const at = t.pins.find((p) => p.key === from);
    if (e.key === 'Escape') return void setHeld(null);
    if (!at) return;
    const here = box.current;
    // Arrows follow the reading direction: in a right-to-left page the session runs leftwards.
    const rtl = !!here && typeof getComputedStyle === 'function' && getComputedStyle(here).direction === 'rtl';
    const lane = t.pins.filter((p) => p.lane === at.lane);
    const i = lane.indexOf(at);
    const nearest = (step: number) => {
      for (let l = at.lane + step; l >= 0 && l < t.lanes.length; l += step) {
        const there = t.pins.filter((p) => p.lane === l);
        if (there.length) return there.reduce((a, b) => (Math.abs(b.at - at.at) < Math.abs(a.at - at.at) ? b : a));
      }
      return undefined;
    };
    const next: Record<string, PinLayout | undefined> = {
      ArrowRight: lane[rtl ? i - 1 : i + 1],
      ArrowLeft: lane[rtl ? i + 1 : i - 1],
      ArrowDown: nearest(1),
      ArrowUp: nearest(-1),
      Home: lane[0],
      End: lane[lane.length - 1],
    };
    if (!(e.key in next)) return;
    e.preventDefault();
    const to = next[e.key];
    if (!to) return;
    setStop(to.key);
    [...(here?.querySelectorAll<HTMLElement>('button.pin') ?? [])].find((b) => b.dataset.key === to.key)?.focus();
  }, []);

  const summary = tr('markers.timeline', { markers: tr('session.markerCount', t.count) });
  return (
    <figure class="timeline" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} class="timeline-title">
        {summary}
      </figcaption>
      <div
        ref={box}
        class="timeline-lanes"
        role="group"
        aria-label={t.count ? tr('markers.timelineKeys', { summary }) : summary}
        style={`--span:${t.durationMs}`}
        onMouseLeave={() => setHovered(null)}
      >
        <div class="timeline-grid" style={`grid-row:1 / span ${t.lanes.length}`} aria-hidden="true">
          {t.ticks.map((tick) => (
            <span key={tick.at} class="timeline-gridline" style={`--at:${tick.at}`} />
          ))}
        </div>
        {t.lanes.map((lane, i) => (
          <div key={lane.memberId ?? 'group'} class="timeline-lane" style={`--row:${i + 1}`}>
            <span class="timeline-lane-label" title={lane.label}>
              {lane.short}
            </span>
            <div class="timeline-track">
              {t.pins
                .filter((p) => p.lane === i)
                .map((p) => (
                  <Pin
                    key={p.key}
                    pin={p}
                    name={pinName(p, lane, custom)}
                    tabStop={p === tabStop}
                    shown={p === shown}
                    held={p.key === held}
                    readout={`${id}-readout`}
                    onActivate={activate}
                    onFocus={focus}
                    onHover={hover}
                    onKey={navigate}
                  />
                ))}
            </div>
          </div>
        ))}
        <div class="timeline-axis" style={`grid-row:${t.lanes.length + 1}`} ref={axis} aria-hidden="true">
          {t.ticks.map(
            (tick) =>
              tick.label && (
                <span key={tick.at} class="timeline-tick" style={`--at:${tick.at}`}>
                  <span>{tick.label}</span>
                </span>
              ),
          )}
        </div>
      </div>
      <div id={`${id}-readout`} class="timeline-readout" onKeyDown={(e) => e.key === 'Escape' && setHeld(null)}>
        {shown ? (
          <Readout pin={shown} lane={t.lanes[shown.lane]!} custom={custom} onOpen={onOpen} />
        ) : (
          <p class="hint">{t.count ? tr('markers.timelineHint') : tr('markers.timelineNone')}</p>
        )}
      </div>
      {t.families.length > 0 && (
        <ul class="timeline-legend" aria-label={tr('markers.legend')}>
          {t.families.map((f) => (
            <li key={f.id}>
              <span class="timeline-mark" style={`--hue:${f.color}`} aria-hidden="true">
                {f.mark}
              </span>
              {f.label}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

function Readout({
  pin,
  lane,
  custom,
  onOpen,
}: {
  pin: PinLayout;
  lane: Lane;
  custom: CustomCategory[] | undefined;
  onOpen: ((m: Marker) => void) | undefined;
}): JSX.Element {
  const line = (m: Marker) => {
    const f = familyOf(m.category);
    return (
      <>
        <span class="timeline-mark" style={`--hue:${f.color}`} aria-hidden="true">
          {f.mark}
        </span>{' '}
        <span class="time">{formatClock(m.at)}</span> <strong>{categoryLabel(m.category, custom)}</strong>
        {' · '}
        {lane.label}
        {m.auto ? ` · ${tr('markers.noticed')}` : ''}
        {m.text.trim() && <span class="timeline-text">{m.text}</span>}
      </>
    );
  };
  if (pin.markers.length === 1) return <p>{line(pin.markers[0]!)}</p>;
  return (
    <ul
      aria-label={tr('markers.pinLabel', {
        markers: tr('session.markerCount', pin.markers.length),
        time: formatClock(pin.at),
        lane: lane.label,
      })}
    >
      {pin.markers.map((m) => (
        <li key={m.id}>
          {onOpen ? (
            <button type="button" class="link" onClick={() => onOpen(m)}>
              {line(m)}
            </button>
          ) : (
            line(m)
          )}
        </li>
      ))}
    </ul>
  );
}

interface PinProps {
  pin: PinLayout;
  name: string;
  tabStop: boolean;
  shown: boolean;
  held: boolean;
  readout: string;
  onActivate: (key: string) => void;
  onFocus: (key: string | null) => void;
  onHover: (key: string | null) => void;
  onKey: (key: string, e: KeyboardEvent) => void;
}

const sameMarkers = (a: readonly Marker[], b: readonly Marker[]) =>
  a.length === b.length && a.every((m, i) => m === b[i]);

/** One pin; renders again only when what it shows changed, not when others come or the axis grows. */
class Pin extends Component<PinProps> {
  override shouldComponentUpdate(n: PinProps): boolean {
    const c = this.props;
    return (
      !sameMarkers(n.pin.markers, c.pin.markers) ||
      n.pin.family !== c.pin.family ||
      n.name !== c.name ||
      n.tabStop !== c.tabStop ||
      n.shown !== c.shown ||
      n.held !== c.held
    );
  }

  override render(): JSX.Element {
    const { pin, name, tabStop, shown, held, readout, onActivate, onFocus, onHover, onKey } = this.props;
    const many = pin.markers.length > 1;
    const family = pin.family ?? familyOf(pin.markers[0]!.category);
    const auto = pin.markers.every((m) => m.auto);
    return (
      <button
        type="button"
        class={['pin', many && 'many', auto && 'auto', shown && 'shown', !pin.family && 'mixed', hasRisk(pin) && 'risk']
          .filter(Boolean)
          .join(' ')}
        data-key={pin.key}
        style={`--at:${pin.at};--hue:${family.color}`}
        tabIndex={tabStop ? 0 : -1}
        aria-label={name}
        aria-expanded={many ? held : undefined}
        aria-controls={many ? readout : undefined}
        onClick={() => onActivate(pin.key)}
        onFocus={() => onFocus(pin.key)}
        onBlur={() => onFocus(null)}
        onMouseEnter={() => onHover(pin.key)}
        onMouseLeave={() => onHover(null)}
        onKeyDown={(e) => onKey(pin.key, e)}
      >
        <span aria-hidden="true">
          {many ? `${pin.markers.length}${hasRisk(pin) && !pin.family ? '!' : ''}` : family.mark}
        </span>
      </button>
    );
  }
}
