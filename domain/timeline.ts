import { t } from '../util/i18n';
import { FAMILIES, familyOf, type Family } from './categories';
import { formatClock } from './clock';
import type { Id, Marker, Member } from './types';

/**
 * The timeline picture of a session, laid out for the width it is drawn at:
 * one lane for the whole group and one per member, a time axis, and the
 * markers as pins along their lane. Markers too close to be told apart at
 * that width share one pin, so none hides another. Pure layout; the view is
 * drawn by components/session/Timeline.tsx.
 */
export interface Lane {
  memberId: Id | null;
  /** The member's full name (or "Whole group"). */
  label: string;
  /** What the lane shows in little room: the first name. */
  short: string;
}

export interface Pin {
  /** Stable while the pin keeps its first marker: that marker's id. */
  key: string;
  lane: number;
  /** Session-clock time the pin sits at: its first marker's. */
  at: number;
  /** In clock order; more than one when they fall within a pin's width. */
  markers: Marker[];
  /** The family all its markers share, or null when they differ. */
  family: Family | null;
}

export interface Tick {
  at: number;
  /** Null on a tick left unlabelled because the labels would touch. */
  label: string | null;
}

export interface TimelineLayout {
  durationMs: number;
  lanes: Lane[];
  /** Lane by lane, in clock order within a lane. */
  pins: Pin[];
  ticks: Tick[];
  /** The families the markers belong to, in the order of FAMILIES: the legend. */
  families: Family[];
  /** Live (not deleted) markers. */
  count: number;
}

export interface TimelineSize {
  /** Width of the time axis in CSS pixels. */
  trackPx: number;
  /** Least distance between two pins' centres for neither to cover the other. */
  pinPx: number;
}

const MINUTE = 60_000;

/** "1 marker", "2 markers". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What a lane shows of a name: its first word. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] || name;
}

/** Tick every 5 minutes in a session up to 45 minutes long, every 10 beyond. */
export function tickStep(spanMs: number): number {
  return spanMs <= 45 * MINUTE ? 5 * MINUTE : 10 * MINUTE;
}

/** Axis ticks; labels on every tick, or every second, third… where labels would touch. */
export function axisTicks(spanMs: number, trackPx: number): Tick[] {
  const step = tickStep(spanMs);
  // "45:00" or "1:05:00" at the axis's 12 px, with a gap.
  const labelPx = spanMs >= 60 * MINUTE ? 64 : 48;
  const stepPx = (step / spanMs) * trackPx;
  const every = Math.max(1, Math.ceil(labelPx / Math.max(stepPx, 1)));
  const ticks: Tick[] = [];
  for (let at = 0, i = 0; at <= spanMs; at += step, i++) ticks.push({ at, label: i % every ? null : formatClock(at) });
  return ticks;
}

/**
 * Markers of one lane, in clock order, into pins: a pin takes the markers
 * after its first one that fall within `gapMs` of it, so pins' centres are at
 * least `gapMs` apart.
 */
export function groupPins(markers: readonly Marker[], lane: number, gapMs: number): Pin[] {
  const pins: Pin[] = [];
  let open: Marker[] = [];
  const close = () => {
    if (!open.length) return;
    const families = new Set(open.map((m) => familyOf(m.category)));
    pins.push({
      key: open[0]!.id,
      lane,
      at: open[0]!.at,
      markers: open,
      family: families.size === 1 ? [...families][0]! : null,
    });
  };
  for (const m of markers) {
    if (open.length && m.at - open[0]!.at >= gapMs) {
      close();
      open = [];
    }
    open.push(m);
  }
  close();
  return pins;
}

export function layoutTimeline(
  markers: readonly Marker[],
  members: readonly Member[],
  durationMs: number,
  size: TimelineSize,
): TimelineLayout {
  const live = markers.filter((m) => !m.deleted).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  const span = Math.max(durationMs, ...live.map((m) => m.at), MINUTE);
  const used = new Set(live.map((m) => m.memberId).filter((x): x is Id => !!x));
  const laneMembers = members.filter((m) => used.has(m.id) || !m.archived);
  const lanes: Lane[] = [
    { memberId: null, label: t('timelineText.wholeGroup'), short: t('timelineText.group') },
    ...laneMembers.map((m) => ({ memberId: m.id, label: m.name, short: firstName(m.name) })),
  ];
  const laneOf = new Map(lanes.map((l, i) => [l.memberId, i]));
  const byLane: Marker[][] = lanes.map(() => []);
  for (const m of live) byLane[laneOf.get(m.memberId) ?? 0]!.push(m);
  const gapMs = (span * size.pinPx) / Math.max(size.trackPx, size.pinPx);
  const pins = byLane.flatMap((ms, lane) => groupPins(ms, lane, gapMs));
  const present = new Set(live.map((m) => familyOf(m.category).id));
  return {
    durationMs: span,
    lanes,
    pins,
    ticks: axisTicks(span, size.trackPx),
    families: FAMILIES.filter((f) => present.has(f.id)),
    count: live.length,
  };
}
