import { liveQuery } from 'dexie';
import { browser } from 'wxt/browser';
import type { PracticeApi, PracticeRunInfo } from '../../components/practice/api';
import type { FieldCipher } from '../../crypto/types';
import { debriefRun } from '../../domain/practice';
import type { Marker } from '../../domain/types';
import { scenarioById } from '../../scenarios';
import type { SquircleDb } from '../../storage/db';
import { MarkersRepo } from '../../storage/markers-repo';
import { PracticeRepo } from '../../storage/practice-repo';
import { SessionsRepo } from '../../storage/sessions-repo';
import { PRACTICE_PAGE } from '../../calls/platforms';
import { onPracticeRun, readPracticeRun, type PracticeRun } from '../common/practice-run';

const info = (r: PracticeRun | undefined): PracticeRunInfo | null => {
  const s = r && scenarioById(r.scenarioId);
  if (!r || !s) return null;
  return {
    id: r.id,
    title: s.title,
    speed: r.speed,
    startedAt: r.startedAt,
    endsAt: r.endsAt,
    // A practice page closed while playing never says so: past its end, the run is over.
    over: r.stoppedAt !== undefined || r.finishedAt !== undefined || Date.now() > r.endsAt,
  };
};

/**
 * The markers the leader made while a run played: those of every session
 * open during it (the practice call's session, usually the sample group's),
 * from its start to its stop or end.
 */
export async function markersDuring(db: SquircleDb, cipher: FieldCipher, from: number, to: number): Promise<Marker[]> {
  const sessions = new SessionsRepo(db, cipher);
  const markers = new MarkersRepo(db, cipher);
  const ids = await db.sessions.where('startedAt').belowOrEqual(to).reverse().limit(20).primaryKeys();
  const out: Marker[] = [];
  for (const id of ids) {
    const s = await sessions.get(id);
    if (!s || (s.endedAt !== null && s.endedAt < from)) continue;
    out.push(...(await markers.listBySession(id)).filter((m) => m.wallAt >= from && m.wallAt <= to));
  }
  return out;
}

export function practiceApi(db: SquircleDb, cipher: FieldCipher): PracticeApi {
  const repo = new PracticeRepo(db, cipher);
  return {
    run: () => ({
      subscribe(o) {
        let live = true;
        void readPracticeRun().then((r) => live && o.next(info(r)));
        const off = onPracticeRun((r) => o.next(info(r)));
        return {
          unsubscribe: () => {
            live = false;
            off();
          },
        };
      },
    }),
    debriefs: () => liveQuery(() => repo.list()),
    async debrief(runId) {
      const run = await readPracticeRun();
      if (!run || run.id !== runId) throw new Error('That practice run is no longer in this browser session.');
      const scenario = scenarioById(run.scenarioId);
      if (!scenario) throw new Error(`This version of Squircle has no scenario "${run.scenarioId}".`);
      const to = run.stoppedAt ?? run.finishedAt ?? run.endsAt;
      const d = debriefRun(scenario, run, await markersDuring(db, cipher, run.startedAt, to));
      await repo.save(d);
      return d;
    },
    remove: async (id) => void (await repo.remove(id)),
    openCall: () => void browser.tabs.create({ url: browser.runtime.getURL(`/${PRACTICE_PAGE}`) }),
    openHelp: () => void browser.tabs.create({ url: browser.runtime.getURL('/help.html') }),
  };
}
