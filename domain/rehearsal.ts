import type { Scenario, Speed } from './scenario';

/**
 * Rehearsing as a pair: two co-leaders play the same scenario, each on their
 * own practice call, with one shared scenario clock, and each marks what
 * they notice. A is the leader who started the rehearsal, B the one who
 * joined. Pure rules: the clock each side follows and the joint debrief.
 */
export type Role = 'a' | 'b';

/** The most arrival delay a side adds to a co-leader's scenario time (two machines' clocks never quite agree). */
export const MAX_LAG_MS = 2_000;

/** A scenario clock: at `wall` (this machine's ms) it read `atMs` scenario ms, and runs at `speed` while playing. */
export interface RehearsalClock {
  speed: Speed;
  playing: boolean;
  atMs: number;
  wall: number;
}

/** The scenario ms the clock reads at `now`. */
export const scenarioMsAt = (c: RehearsalClock, now: number): number =>
  c.playing ? c.atMs + Math.max(0, now - c.wall) * c.speed : c.atMs;

/** What a co-leader said about their clock: their scenario time when they sent it, and their own clock then. */
export interface ClockWord {
  speed: Speed;
  playing: boolean;
  scenarioMs: number;
  sentAt: number;
}

/**
 * The clock to follow from a co-leader's word: their scenario time, plus,
 * while playing, the time the word took to arrive (by the two machines'
 * clocks, at most MAX_LAG_MS and never negative), at the shared speed.
 */
export function followClock(w: ClockWord, now: number): RehearsalClock {
  const lag = w.playing ? Math.min(MAX_LAG_MS, Math.max(0, now - w.sentAt)) : 0;
  return { speed: w.speed, playing: w.playing, atMs: w.scenarioMs + lag * w.speed, wall: now };
}

/** One practice mark: practice only, never a clinical marker. */
export interface PracticeMark {
  id: string;
  by: Role;
  /** The family of the mark (domain/categories.ts), as a scenario's `notice.families` names it. */
  family: string;
  /** Said aloud to the co-leader in front of the group. */
  aloud: boolean;
  /** Scenario ms on the marker's own clock. */
  scenarioMs: number;
  /** The speed then, to turn scenario time into time as lived. */
  speed: Speed;
}

export type NoticedBy = Role | 'both' | 'neither';

export interface PairMomentResult {
  id: string;
  what: string;
  why: string;
  noticedBy: NoticedBy;
  /** Seconds as lived from the moment to each leader's mark that noticed it, or null. */
  after: Record<Role, number | null>;
  /** Each leader said something aloud in its window. */
  aloud: Record<Role, boolean>;
  /** The families that count (ids). */
  counts: string[];
}

/** A pair rehearsal's joint debrief: both leaders see the same one; kept in the vault as practice, never exported. */
export interface PairDebrief {
  kind: 'pair';
  /** The rehearsal's id, the same on both sides. */
  id: string;
  scenarioId: string;
  version: number;
  title: string;
  /** The speed it started at. */
  speed: Speed;
  startedAt: number;
  /** This side's role (A started it). */
  me: Role;
  /** Only moments played before it ended or was stopped. */
  moments: PairMomentResult[];
  noticed: Record<Role | 'either', number>;
  /** Moments in which either leader said something aloud. */
  namedAloud: number;
  /** The co-leader's marks had not all arrived when this was made. */
  partial: boolean;
}

export interface PairRun {
  id: string;
  version: number;
  speed: Speed;
  startedAt: number;
  me: Role;
  /** The scenario ms at which it ended (its length, or where it was stopped). */
  endMs: number;
  partial: boolean;
}

const ROLES: readonly Role[] = ['a', 'b'];

/**
 * Which moments each leader noticed, how fast, and who said something
 * aloud. Windows are in scenario time (so a pause or a change of speed
 * moves nothing); each mark notices at most one moment, the first whose
 * window it falls in and whose family it has, as in a solo debrief.
 * The result depends only on the marks, so both sides make the same one.
 */
export function debriefPair(s: Scenario, run: PairRun, marks: readonly PracticeMark[]): PairDebrief {
  const played = s.moments.filter((m) => m.at * 1000 < run.endMs);
  const used = new Set<string>();
  const sorted = [...marks].sort((x, y) => x.scenarioMs - y.scenarioMs || x.id.localeCompare(y.id));
  const moments = played.map((m): PairMomentResult => {
    const from = m.at * 1000;
    const to = from + m.notice.within * 1000;
    const after = { a: null, b: null } as Record<Role, number | null>;
    const aloud = { a: false, b: false };
    for (const role of ROLES) {
      const inWindow = sorted.filter((x) => x.by === role && x.scenarioMs >= from && x.scenarioMs <= to);
      const hit = inWindow.find((x) => !used.has(x.id) && m.notice.families.includes(x.family));
      if (hit) {
        used.add(hit.id);
        after[role] = Math.round((hit.scenarioMs - from) / hit.speed / 100) / 10;
      }
      aloud[role] = inWindow.some((x) => x.aloud);
    }
    const a = after.a !== null;
    const b = after.b !== null;
    return {
      id: m.id,
      what: m.what,
      why: m.why,
      noticedBy: a && b ? 'both' : a ? 'a' : b ? 'b' : 'neither',
      after,
      aloud,
      counts: [...m.notice.families],
    };
  });
  const count = (f: (m: PairMomentResult) => boolean) => moments.filter(f).length;
  return {
    kind: 'pair',
    id: run.id,
    scenarioId: s.id,
    version: run.version,
    title: s.title,
    speed: run.speed,
    startedAt: run.startedAt,
    me: run.me,
    moments,
    noticed: {
      a: count((m) => m.after.a !== null),
      b: count((m) => m.after.b !== null),
      either: count((m) => m.noticedBy !== 'neither'),
    },
    namedAloud: count((m) => m.aloud.a || m.aloud.b),
    partial: run.partial,
  };
}
