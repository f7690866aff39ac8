import type { PracticeDebrief } from '../../domain/practice';
import type { PairDebrief, RehearsalClock } from '../../domain/rehearsal';
import type { Speed } from '../../domain/scenario';
import type { PracticeSupervisionApi } from '../supervision/api';
import type { Live } from '../useLive';

/** The scenario on the practice call, as the panel sees it. */
export interface PracticeRunInfo {
  id: string;
  title: string;
  speed: 1 | 2;
  startedAt: number;
  endsAt: number;
  /** Stopped or played to its end. */
  over: boolean;
}

/** What the Practice view needs, passed in. */
export interface PracticeApi {
  /** The scenario playing or last played in this browser session, or null. */
  run(): Live<PracticeRunInfo | null>;
  /** Kept debriefs, newest first. */
  debriefs(): Live<(PracticeDebrief | PairDebrief)[]>;
  /** Rehearsing with a paired co-leader; absent where the co-leader channel is not allowed. */
  rehearse?: RehearseApi;
  /** Sharing a debrief with a paired supervisor. */
  supervision?: PracticeSupervisionApi;
  /** Debriefs a run that is over from the markers made during it, and keeps the result. */
  debrief(runId: string): Promise<PracticeDebrief>;
  remove(id: string): Promise<void>;
  /** Opens the practice call in a new tab. */
  openCall(): void;
  /** Opens Help (help.html) in a new tab. */
  openHelp(): void;
}

/** A pair rehearsal as the panel shows it (ext/panel/rehearsal.ts). */
export interface RehearsalInfo {
  id: string;
  title: string;
  minutes: number;
  groupName: string;
  /** a: this leader started it; b: joined it. */
  me: 'a' | 'b';
  phase: 'asked' | 'on' | 'over';
  joined: boolean;
  declined: boolean;
  clock: RehearsalClock;
  mine: number;
  theirs: number;
}

/** What the "Rehearse together" card needs, passed in. */
export interface RehearseApi {
  /** Groups with a paired co-leader, by name. */
  pairs(): Promise<{ groupId: string; name: string }[]>;
  scenarios: { id: string; title: string; minutes: number }[];
  state(): Live<RehearsalInfo | null>;
  start(groupId: string, scenarioId: string, speed: Speed): Promise<void>;
  join(): Promise<void>;
  decline(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  setSpeed(speed: Speed): Promise<void>;
  stop(): Promise<void>;
  mark(family: string, aloud?: boolean): Promise<void>;
  dismiss(): Promise<void>;
}
