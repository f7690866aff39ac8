import { browser } from 'wxt/browser';
import type { Speed } from '../../domain/scenario';

/**
 * The scenario playing (or last played) on the practice call, written by the
 * practice page and read by the panel for its debrief. storage.session only:
 * it is gone with the browser session, and it holds no clinical data.
 */
export interface PracticeRun {
  /** One per start of a scenario. */
  id: string;
  scenarioId: string;
  speed: Speed;
  /** Date.now() on the practice page when the scenario started. */
  startedAt: number;
  /** When it ends if played through. */
  endsAt: number;
  /** Set when it was stopped before its end. */
  stoppedAt?: number;
  /** Set when it played to its end. */
  finishedAt?: number;
}

export const PRACTICE_RUN_KEY = 'practice:run';

export async function writePracticeRun(run: PracticeRun): Promise<void> {
  await browser.storage.session.set({ [PRACTICE_RUN_KEY]: run });
}

export async function readPracticeRun(): Promise<PracticeRun | undefined> {
  const got = await browser.storage.session.get(PRACTICE_RUN_KEY);
  return (got[PRACTICE_RUN_KEY] as PracticeRun | null | undefined) ?? undefined;
}

/** Calls back with each new run state, from any context. */
export function onPracticeRun(cb: (run: PracticeRun | undefined) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'session' && PRACTICE_RUN_KEY in changes)
      cb((changes[PRACTICE_RUN_KEY]!.newValue ?? undefined) as PracticeRun | undefined);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
