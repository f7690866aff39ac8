import { familyOf } from './categories';
import type { Id, Marker, Member } from './types';

/**
 * Where each marker sits in the timeline picture: x from its session-clock
 * time, one lane for the whole group and one per member. Pure layout; the
 * SVG is drawn by components/.
 */
export interface Lane {
  memberId: Id | null;
  label: string;
}

export interface PlacedMarker {
  marker: Marker;
  lane: number;
  /** 0..1 along the session. */
  x: number;
  color: string;
}

export interface TimelineLayout {
  durationMs: number;
  lanes: Lane[];
  placed: PlacedMarker[];
  /** Tick marks every 5, 10 or 15 minutes, in ms. */
  ticks: number[];
}

export function layoutTimeline(
  markers: readonly Marker[],
  members: readonly Member[],
  durationMs: number,
): TimelineLayout {
  const live = markers.filter((m) => !m.deleted);
  const span = Math.max(durationMs, ...live.map((m) => m.at), 60_000);
  const used = new Set(live.map((m) => m.memberId).filter((x): x is Id => !!x));
  const laneMembers = members.filter((m) => used.has(m.id) || !m.archived);
  const lanes: Lane[] = [
    { memberId: null, label: 'Group' },
    ...laneMembers.map((m) => ({ memberId: m.id, label: m.name })),
  ];
  const laneOf = new Map(lanes.map((l, i) => [l.memberId, i]));
  const placed = live
    .map((marker) => ({
      marker,
      lane: laneOf.get(marker.memberId) ?? 0,
      x: marker.at / span,
      color: familyOf(marker.category).color,
    }))
    .sort((a, b) => a.marker.at - b.marker.at);
  const step = span > 90 * 60_000 ? 15 * 60_000 : span > 30 * 60_000 ? 10 * 60_000 : 5 * 60_000;
  const ticks: number[] = [];
  for (let t = 0; t <= span; t += step) ticks.push(t);
  return { durationMs: span, lanes, placed, ticks };
}
