import { familyOf } from './categories';
import type { Scenario, Speed } from './scenario';
import type { Marker } from './types';

/** The markers that said something aloud: the say-aloud action, and a background named aloud. */
export const ALOUD_CATEGORIES: ReadonlySet<string> = new Set(['coleader.aloud', 'background.named']);

/** One scripted moment as the leader met it. */
export interface MomentResult {
  id: string;
  what: string;
  why: string;
  /** A marker of one of its families was made within its window. */
  noticed: boolean;
  /** Seconds (as lived, at the run's speed) from the moment to the marker that noticed it. */
  afterSeconds: number | null;
  /** Something was said aloud in its window (the say-aloud action, or a background named aloud). */
  namedAloud: boolean;
  /** A plain "Moment" marker fell in its window but its kind was not chosen. */
  markedWithoutKind: boolean;
  /**
   * The families that count (ids, as the scenario names them), for the debrief's hint; debriefs kept
   * before the views were translated hold their English labels instead.
   */
  counts: string[];
}

/** A practice run's debrief: kept in the vault apart from clinical records, never exported. */
export interface PracticeDebrief {
  /** The run's id (one per start of a scenario). */
  id: string;
  scenarioId: string;
  title: string;
  speed: Speed;
  startedAt: number;
  /** Moments after a stop were not played and are left out. */
  moments: MomentResult[];
  noticed: number;
  namedAloud: number;
  /** Mean seconds to notice, over the moments noticed; null when none was. */
  meanSeconds: number | null;
}

export interface RunTimes {
  id: string;
  speed: Speed;
  startedAt: number;
  stoppedAt?: number;
}

/**
 * Which scripted moments the leader noticed, how fast, and which were named
 * aloud. A moment's window opens when it shows and lasts `notice.within`
 * scenario seconds (half as long in real time at double speed). Only the
 * leader's own markers count (detection's are not noticing), deleted ones
 * not; each marker notices at most one moment, the first whose window it
 * falls in and whose family it has.
 */
export function debriefRun(s: Scenario, run: RunTimes, markers: readonly Marker[]): PracticeDebrief {
  const own = markers
    .filter((m) => !m.auto && !m.deleted && m.wallAt >= run.startedAt)
    .sort((a, b) => a.wallAt - b.wallAt);
  const used = new Set<string>();
  const played = s.moments.filter(
    (m) => run.stoppedAt === undefined || run.startedAt + (m.at * 1000) / run.speed < run.stoppedAt,
  );
  const moments = played.map((m): MomentResult => {
    const from = run.startedAt + (m.at * 1000) / run.speed;
    const to = from + (m.notice.within * 1000) / run.speed;
    const inWindow = own.filter((x) => x.wallAt >= from && x.wallAt <= to);
    const hit = inWindow.find((x) => !used.has(x.id) && m.notice.families.includes(familyOf(x.category).id));
    if (hit) used.add(hit.id);
    return {
      id: m.id,
      what: m.what,
      why: m.why,
      noticed: !!hit,
      afterSeconds: hit ? Math.round((hit.wallAt - from) / 100) / 10 : null,
      namedAloud: inWindow.some((x) => ALOUD_CATEGORIES.has(x.category)),
      markedWithoutKind: !hit && inWindow.some((x) => x.category === 'general.mark'),
      counts: [...m.notice.families],
    };
  });
  const times = moments.flatMap((m) => (m.afterSeconds === null ? [] : [m.afterSeconds]));
  return {
    id: run.id,
    scenarioId: s.id,
    title: s.title,
    speed: run.speed,
    startedAt: run.startedAt,
    moments,
    noticed: times.length,
    namedAloud: moments.filter((m) => m.namedAloud).length,
    meanSeconds: times.length ? Math.round((times.reduce((a, b) => a + b, 0) / times.length) * 10) / 10 : null,
  };
}
