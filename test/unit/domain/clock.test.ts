import { describe, expect, it } from 'vitest';
import { formatClock, isPaused, markAt, sessionClockMs, sessionDate, sessionDay } from '../../../domain/clock';

const s = (pauses: [number, number | null][] = [], endedAt: number | null = null) => ({
  startedAt: 1_000,
  endedAt,
  pauses,
});

describe('session clock', () => {
  it('counts wall time since the start', () => {
    expect(sessionClockMs(s(), 61_000)).toBe(60_000);
  });
  it('leaves out closed and open pauses', () => {
    expect(sessionClockMs(s([[11_000, 21_000]]), 61_000)).toBe(50_000);
    expect(sessionClockMs(s([[11_000, null]]), 61_000)).toBe(10_000);
    expect(isPaused(s([[11_000, null]]))).toBe(true);
    expect(isPaused(s([[11_000, 12_000]]))).toBe(false);
  });
  it('stops at the end', () => {
    expect(sessionClockMs(s([], 31_000), 99_000)).toBe(30_000);
  });
  it('marks back in time, never before the start', () => {
    expect(markAt(s(), 61_000, 15_000)).toBe(45_000);
    expect(markAt(s(), 6_000, 15_000)).toBe(0);
  });
  it('formats', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(62_000)).toBe('1:02');
    expect(formatClock(3_723_000)).toBe('1:02:03');
  });
});

describe('session dates', () => {
  it('one form for the history, a session page and the print: weekday, day, month, year, 24-hour time', () => {
    const local = new Date(2026, 2, 2, 9, 5).getTime();
    expect(sessionDate(local)).toBe('Mon, 2 Mar 2026, 09:05');
    expect(sessionDay(local)).toBe('2 Mar 2026');
  });
});
