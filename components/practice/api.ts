import type { PracticeDebrief } from '../../domain/practice';
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
  debriefs(): Live<PracticeDebrief[]>;
  /** Debriefs a run that is over from the markers made during it, and keeps the result. */
  debrief(runId: string): Promise<PracticeDebrief>;
  remove(id: string): Promise<void>;
  /** Opens the practice call in a new tab. */
  openCall(): void;
  /** Opens Help (help.html) in a new tab. */
  openHelp(): void;
}
