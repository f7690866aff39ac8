import { liveQuery } from 'dexie';
import { browser } from 'wxt/browser';
import type { PracticeApi, PracticeRunInfo, RehearsalInfo, RehearseApi } from '../../components/practice/api';
import type { FieldCipher } from '../../crypto/types';
import { debriefRun } from '../../domain/practice';
import type { Marker } from '../../domain/types';
import { scenarioById, scenariosIn } from '../../scenarios';
import { GroupsRepo } from '../../storage/roster-repo';
import { readRehearsal, writeRehearsal, type Rehearsal } from '../common/rehearsal-state';
import type { CoLeaderService } from './coleader-service';
import type { RehearsalDeps, Rehearsals } from './rehearsal';
import type { SquircleDb } from '../../storage/db';
import { MarkersRepo } from '../../storage/markers-repo';
import { PracticeRepo } from '../../storage/practice-repo';
import { SessionsRepo } from '../../storage/sessions-repo';
import { PRACTICE_PAGE } from '../../calls/platforms';
import { onPracticeRun, readPracticeRun, type PracticeRun } from '../common/practice-run';
import { UserError } from '../../util/user-error';

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

/** What the rehearsal service is given in the panel: the group's channel, storage.session and the vault. */
export function rehearsalDeps(db: SquircleDb, cipher: FieldCipher, coleaders: CoLeaderService): RehearsalDeps {
  const repo = new PracticeRepo(db, cipher);
  return {
    send: async (groupId, e) => void (await coleaders.sink(groupId, [e])),
    scenario: scenarioById,
    read: readRehearsal,
    write: writeRehearsal,
    save: async (d) => void (await repo.save(d)),
  };
}

/** The "Rehearse together" card's API over the rehearsal service. */
export function rehearseApi(
  db: SquircleDb,
  cipher: FieldCipher,
  coleaders: CoLeaderService,
  rehearsals: Rehearsals,
): RehearseApi {
  const groups = new GroupsRepo(db, cipher);
  const info = async (r: Rehearsal | undefined): Promise<RehearsalInfo | null> => {
    const s = r && scenarioById(r.scenarioId);
    if (!r || !s) return null;
    return {
      id: r.id,
      title: s.title,
      minutes: s.minutes,
      groupName: (await groups.get(r.groupId))?.name ?? '',
      me: r.me,
      phase: r.phase,
      joined: r.joined,
      declined: r.declined,
      clock: r.clock,
      mine: r.marks.filter((m) => m.by === r.me).length,
      theirs: r.marks.filter((m) => m.by !== r.me).length,
    };
  };
  return {
    async pairs() {
      const out: { groupId: string; name: string }[] = [];
      for (const c of await coleaders.repo.channels()) {
        const g = c.groupId ? await groups.get(c.groupId) : undefined;
        if (g && !g.archived && c.members.length > 1) out.push({ groupId: g.id, name: g.name });
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },
    get scenarios() {
      return scenariosIn().map((s) => ({ id: s.id, title: s.title, minutes: s.minutes }));
    },
    state: () => ({
      subscribe(o) {
        let last = Promise.resolve();
        const off = rehearsals.watch((r) => {
          last = last.then(() => info(r)).then((i) => o.next(i), o.error);
        });
        return { unsubscribe: off };
      },
    }),
    start: (g, s, speed) => rehearsals.start(g, s, speed),
    join: () => rehearsals.join(),
    decline: () => rehearsals.decline(),
    pause: () => rehearsals.pause(),
    resume: () => rehearsals.resume(),
    setSpeed: (speed) => rehearsals.setSpeed(speed),
    stop: () => rehearsals.stop(),
    mark: (family, aloud) => rehearsals.mark(family, aloud),
    dismiss: () => rehearsals.dismiss(),
  };
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
      if (!run || run.id !== runId)
        throw new UserError('serviceErrors.practiceRunGone', 'That practice run is no longer in this browser session.');
      const scenario = scenarioById(run.scenarioId);
      if (!scenario)
        throw new UserError(
          'serviceErrors.noScenario',
          `This version of Squircle has no scenario "${run.scenarioId}".`,
          {
            scenario: run.scenarioId,
          },
        );
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
