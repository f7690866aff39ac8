/**
 * One member across a group's sessions: whether they came, how late, whether
 * they left early, what was marked about them by family, and a gentle flag
 * when the last sessions show a pattern that often comes before dropping
 * out (missed sessions, repeated lateness). The flag is a prompt to check
 * in with the member, never a judgement; the leader can dismiss it, and it
 * returns only when a later session adds to the pattern.
 */
import { FAMILIES, familyOf } from './categories';
import type { AttendanceStatus, Id, Marker, Session } from './types';

/** How many of the latest sessions the flag looks at, and how many misses or late arrivals in them raise it. */
export const FLAG_WINDOW = 6;
export const FLAG_THRESHOLD = 3;

export const LATE_CODE = 'auto.joined-late';
const LATE_BY_HAND = 'frame.late';

export interface MemberSessionRow {
  sessionId: Id;
  startedAt: number;
  /** 'not-recorded' when the leaders set no attendance for the member that session. */
  status: AttendanceStatus | 'not-recorded';
  /** Minutes into the session when detection saw them join late, when it did. */
  lateMinutes: number | null;
  /** Markers about this member, by family id (deleted ones left out). */
  byFamily: Record<string, number>;
}

export interface MemberFlag {
  kind: 'absences' | 'lateness';
  /** How many of the latest sessions were missed (or come to late), out of `window`. */
  count: number;
  /** How many of the latest sessions the flag looks at. */
  window: number;
  /** The start of the newest session the flag counts: a dismissal holds until a later one. */
  through: number;
}

export interface MemberHistory {
  /** Oldest first. */
  rows: MemberSessionRow[];
  totals: Record<AttendanceStatus | 'not-recorded', number>;
  /** Families with at least one marker, in the order of the family list. */
  families: { id: string; label: string; count: number }[];
  flag: MemberFlag | null;
}

/**
 * The member's history over the sessions given (ended or running; any
 * order). `dismissedThrough` is the `through` of a flag the leader
 * dismissed: the same pattern is not raised again until a newer session
 * counts in it.
 */
export function memberHistory(
  memberId: Id,
  sessions: readonly Session[],
  markers: readonly Marker[],
  dismissedThrough: number | null = null,
): MemberHistory {
  const mine = markers.filter((m) => m.memberId === memberId && !m.deleted);
  const rows = [...sessions]
    .sort((a, b) => a.startedAt - b.startedAt)
    .map((s): MemberSessionRow => {
      const here = mine.filter((m) => m.sessionId === s.id);
      const byFamily: Record<string, number> = {};
      for (const m of here) {
        const f = familyOf(m.category).id;
        byFamily[f] = (byFamily[f] ?? 0) + 1;
      }
      const late = here.filter((m) => m.category === LATE_CODE).sort((a, b) => a.at - b.at)[0];
      const marked = here.some((m) => m.category === LATE_CODE || m.category === LATE_BY_HAND);
      const recorded = s.attendance[memberId];
      return {
        sessionId: s.id,
        startedAt: s.startedAt,
        status: recorded ?? (marked ? 'late' : 'not-recorded'),
        lateMinutes: late ? Math.round(late.at / 60_000) : null,
        byFamily,
      };
    });
  const totals = { present: 0, late: 0, 'left-early': 0, absent: 0, 'not-recorded': 0 };
  for (const r of rows) totals[r.status] += 1;
  const families = FAMILIES.map((f) => ({
    id: f.id,
    label: f.label,
    count: rows.reduce((n, r) => n + (r.byFamily[f.id] ?? 0), 0),
  })).filter((f) => f.count > 0);
  return { rows, totals, families, flag: flagFor(rows, dismissedThrough) };
}

function flagFor(rows: readonly MemberSessionRow[], dismissedThrough: number | null): MemberFlag | null {
  const recent = rows.slice(-FLAG_WINDOW);
  const newest = recent[recent.length - 1];
  if (!newest || (dismissedThrough !== null && newest.startedAt <= dismissedThrough)) return null;
  const absent = recent.filter((r) => r.status === 'absent').length;
  if (absent >= FLAG_THRESHOLD) {
    return { kind: 'absences', count: absent, window: recent.length, through: newest.startedAt };
  }
  const late = recent.filter((r) => r.status === 'late').length;
  if (late >= FLAG_THRESHOLD) {
    return { kind: 'lateness', count: late, window: recent.length, through: newest.startedAt };
  }
  return null;
}
