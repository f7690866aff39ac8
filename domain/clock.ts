import { currentLanguage } from '../util/i18n';
import { localeTag } from '../util/format';
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

/** The browser's time zone, e.g. "Europe/Berlin". */
export const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

const formats = new Map<string, Intl.DateTimeFormat>();
/** A date format in the current language and a time zone (the browser's unless one is given), made once. */
function format(kind: 'date' | 'day' | 'moment', timeZone?: string): Intl.DateTimeFormat {
  const lang = currentLanguage();
  const key = `${kind} ${lang} ${timeZone ?? ''}`;
  let f = formats.get(key);
  if (!f) {
    const zone = timeZone ? { timeZone } : {};
    f = new Intl.DateTimeFormat(
      localeTag(),
      kind === 'date'
        ? {
            weekday: 'short',
            day: 'numeric',
            month: 'short',
            year: 'numeric',
            hour: '2-digit',
            minute: '2-digit',
            ...zone,
          }
        : kind === 'day'
          ? { day: 'numeric', month: 'short', year: 'numeric', ...zone }
          : { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', ...zone },
    );
    formats.set(key, f);
  }
  return f;
}

/**
 * When a session started, in the one form the history list, a session's page and its printed or exported
 * note all use ("Mon, 2 Mar 2026, 10:00" in English, "Mo., 2. März 2026, 10:00" in German), in the current
 * language and the browser's time zone unless `timeZone` names another.
 */
export const sessionDate = (ms: number, timeZone?: string): string => format('date', timeZone).format(ms);
/** The day alone, in the same form ("2 Mar 2026"). */
export const sessionDay = (ms: number, timeZone?: string): string => format('day', timeZone).format(ms);
/** A moment without its weekday ("2 Mar 2026, 10:00"), as a signature's time is written. */
export const momentDate = (ms: number, timeZone?: string): string => format('moment', timeZone).format(ms);

/**
 * A time zone as an export names it, with its offset from UTC at `at` (summer time included):
 * "Europe/Berlin, UTC+01:00"; "UTC" alone for UTC itself.
 */
export function zoneName(at: number, timeZone: string = localTimeZone()): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const offset = !part || part === 'GMT' ? 'UTC+00:00' : part.replace('GMT', 'UTC');
  return timeZone === 'UTC' || timeZone === 'Etc/UTC' ? 'UTC' : `${timeZone}, ${offset}`;
}
