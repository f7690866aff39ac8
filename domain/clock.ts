import type { Session } from './types';

/**
 * Session-clock time: wall time since the start, minus pauses. Pure, so the
 * clock, markers and the timeline agree.
 */
export function sessionClockMs(s: Pick<Session, 'startedAt' | 'endedAt' | 'pauses'>, wallNow: number): number {
  const end = s.endedAt ?? wallNow;
  const until = Math.min(wallNow, end);
  let paused = 0;
  for (const [from, to] of s.pauses) {
    const a = Math.max(from, s.startedAt);
    const b = Math.min(to ?? until, until);
    if (b > a) paused += b - a;
  }
  return Math.max(0, until - s.startedAt - paused);
}

export function isPaused(s: Pick<Session, 'pauses'>): boolean {
  const last = s.pauses[s.pauses.length - 1];
  return !!last && last[1] === null;
}

/** "1:02:03" or "12:03". */
export function formatClock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(h ? 2 : 1, '0');
  const ss = String(s).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Clock time of a moment `backMs` ago, never before the start. */
export function markAt(s: Pick<Session, 'startedAt' | 'endedAt' | 'pauses'>, wallNow: number, backMs = 0): number {
  return Math.max(0, sessionClockMs(s, wallNow) - backMs);
}

const SESSION_DATE = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const SESSION_DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/**
 * When a session started, in the one form the history list, a session's page and its printed or exported
 * note all use ("Mon, 2 Mar 2026, 10:00"), in the browser's time zone.
 */
export const sessionDate = (ms: number): string => SESSION_DATE.format(ms);
/** The day alone, in the same form ("2 Mar 2026"). */
export const sessionDay = (ms: number): string => SESSION_DAY.format(ms);
