import { browser } from 'wxt/browser';
import type { PracticeMark, RehearsalClock, Role } from '../../domain/rehearsal';

/**
 * A pair rehearsal as this browser has it: written by the panel, which
 * runs the co-leader channel (ext/panel/rehearsal.ts), and followed by the
 * practice call, which plays the scenario at the shared clock.
 * storage.session only: gone with the browser session; it holds practice
 * marks and a scenario clock, nothing clinical.
 */
export interface Rehearsal {
  id: string;
  /** The paired group whose channel carries it. */
  groupId: string;
  scenarioId: string;
  version: number;
  me: Role;
  /** asked: the co-leader asks this leader to join; on: playing or paused; over: stopped or played to its end. */
  phase: 'asked' | 'on' | 'over';
  /** A: the co-leader joined; B: always once on. */
  joined: boolean;
  /** The co-leader said they would not join. */
  declined: boolean;
  clock: RehearsalClock;
  /** The speed it started at. */
  startSpeed: 1 | 2;
  /** Date.now() here when it started (or was joined). */
  startedAt: number;
  /** Both leaders' marks seen here. */
  marks: PracticeMark[];
  /** The co-leader's whole list of marks arrived (with their stop or end). */
  theirsFinal: boolean;
  /** The scenario ms it ended at, once over. */
  endMs?: number;
  /** The last word counted from the co-leader and the last sent. */
  theirSeq: number;
  seq: number;
}

export const REHEARSAL_KEY = 'practice:rehearsal';

export async function writeRehearsal(r: Rehearsal | undefined): Promise<void> {
  if (r) await browser.storage.session.set({ [REHEARSAL_KEY]: r });
  else await browser.storage.session.remove(REHEARSAL_KEY);
}

export async function readRehearsal(): Promise<Rehearsal | undefined> {
  const got = await browser.storage.session.get(REHEARSAL_KEY);
  return (got[REHEARSAL_KEY] as Rehearsal | null | undefined) ?? undefined;
}

/** Calls back with each new state, from any context. */
export function onRehearsal(cb: (r: Rehearsal | undefined) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'session' && REHEARSAL_KEY in changes)
      cb((changes[REHEARSAL_KEY]!.newValue ?? undefined) as Rehearsal | undefined);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
