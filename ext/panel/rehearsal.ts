import type { PracticeEvent } from '../../channel/events';
import {
  debriefPair,
  followClock,
  scenarioMsAt,
  type PairDebrief,
  type PracticeMark,
  type RehearsalClock,
} from '../../domain/rehearsal';
import { lengthMs, scenarioVersion, type Scenario, type Speed } from '../../domain/scenario';
import type { Rehearsal } from '../common/rehearsal-state';

export interface RehearsalDeps {
  /** Sends a word to the group's co-leader over its channel. */
  send(groupId: string, e: PracticeEvent): Promise<void>;
  scenario(id: string): Scenario | undefined;
  /** Where this browser keeps the rehearsal (storage.session), for the practice call to follow. */
  write(r: Rehearsal | undefined): Promise<void>;
  read(): Promise<Rehearsal | undefined>;
  /** Keeps the joint debrief in the vault, apart from clinical records. */
  save(d: PairDebrief): Promise<void>;
  now?: () => number;
  newId?: () => string;
  /** How long to wait after the end for the co-leader's whole list of marks before debriefing without it. */
  finalWaitMs?: number;
}

/** Why a rehearsal cannot be joined, for the panel. */
export class RehearsalError extends Error {
  override readonly name = 'RehearsalError';
}

/**
 * One pair rehearsal at a time, run from the panel: the words sent to and
 * heard from the co-leader over the group's channel, the scenario clock
 * both follow, each leader's practice marks, and the joint debrief when it
 * is over (domain/rehearsal.ts). The state lives in storage.session, where
 * the practice call reads it.
 */
export class Rehearsals {
  private current: Rehearsal | undefined;
  private loaded: Promise<void> | undefined;
  private endTimer: ReturnType<typeof setTimeout> | undefined;
  private finalTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<(r: Rehearsal | undefined) => void>();
  private readonly now: () => number;
  /** Serialises changes: words arrive while a click is being handled. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly d: RehearsalDeps) {
    this.now = d.now ?? Date.now;
  }

  /** Calls back with each change (and once with the state now). */
  watch(cb: (r: Rehearsal | undefined) => void): () => void {
    this.listeners.add(cb);
    void this.load().then(() => this.listeners.has(cb) && cb(this.current));
    return () => this.listeners.delete(cb);
  }

  state(): Promise<Rehearsal | undefined> {
    return this.load().then(() => this.current);
  }

  /** Stops the timers (the panel locks or closes); the state stays for the next panel. */
  dispose(): void {
    clearTimeout(this.endTimer);
    clearTimeout(this.finalTimer);
    this.listeners.clear();
  }

  private load(): Promise<void> {
    this.loaded ??= this.d.read().then((r) => {
      this.current = r;
      this.arm();
    });
    return this.loaded;
  }

  private run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(() => this.load()).then(job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Starts a scenario with the group's co-leader: it plays here at once, and they are asked to join. */
  start(groupId: string, scenarioId: string, speed: Speed): Promise<void> {
    return this.run(async () => {
      const s = this.d.scenario(scenarioId);
      if (!s) throw new RehearsalError(`This version of Squircle has no scenario "${scenarioId}".`);
      const now = this.now();
      await this.set({
        id: this.d.newId?.() ?? crypto.randomUUID(),
        groupId,
        scenarioId,
        version: scenarioVersion(s),
        me: 'a',
        phase: 'on',
        joined: false,
        declined: false,
        clock: { speed, playing: true, atMs: 0, wall: now },
        startSpeed: speed,
        startedAt: now,
        marks: [],
        theirsFinal: false,
        theirSeq: 0,
        seq: 0,
      });
      await this.say('invite');
    });
  }

  /** Joins the rehearsal the co-leader asked for, at their scenario time. */
  join(): Promise<void> {
    return this.run(async () => {
      const r = this.current;
      if (!r || r.phase !== 'asked') return;
      const s = this.d.scenario(r.scenarioId);
      if (!s || scenarioVersion(s) !== r.version)
        throw new RehearsalError(
          'Your co-leader has another version of this scenario. Update Squircle on both sides to rehearse it together.',
        );
      await this.set({ ...r, phase: 'on', joined: true, startedAt: this.now() });
      await this.say('join');
    });
  }

  decline(): Promise<void> {
    return this.run(async () => {
      const r = this.current;
      if (!r || r.phase !== 'asked') return;
      await this.say('decline');
      await this.set(undefined);
    });
  }

  pause(): Promise<void> {
    return this.clockChange('pause', (c, at) => ({ ...c, playing: false, atMs: at }));
  }

  resume(): Promise<void> {
    return this.clockChange('resume', (c, at) => ({ ...c, playing: true, atMs: at }));
  }

  setSpeed(speed: Speed): Promise<void> {
    return this.clockChange('speed', (c, at) => ({ ...c, speed, atMs: at }));
  }

  private clockChange(
    action: 'pause' | 'resume' | 'speed',
    next: (c: RehearsalClock, atMs: number) => RehearsalClock,
  ): Promise<void> {
    return this.run(async () => {
      const r = this.current;
      if (!r || r.phase !== 'on') return;
      const now = this.now();
      await this.set({ ...r, clock: { ...next(r.clock, scenarioMsAt(r.clock, now)), wall: now } });
      await this.say(action);
    });
  }

  /** A practice mark of `family` at this leader's scenario time; sent to the co-leader at once. */
  mark(family: string, aloud = false): Promise<void> {
    return this.run(async () => {
      const r = this.current;
      if (!r || r.phase !== 'on') return;
      const m: PracticeMark = {
        id: this.d.newId?.() ?? crypto.randomUUID(),
        by: r.me,
        family,
        aloud,
        scenarioMs: Math.round(scenarioMsAt(r.clock, this.now())),
        speed: r.clock.speed,
      };
      await this.set({ ...r, marks: [...r.marks, m] });
      await this.say('mark', [m]);
    });
  }

  /** Stops it for both leaders. */
  stop(): Promise<void> {
    return this.run(async () => {
      const r = this.current;
      if (!r || r.phase !== 'on') return;
      await this.over(Math.round(scenarioMsAt(r.clock, this.now())), 'stop');
    });
  }

  /** Clears an ask or a finished rehearsal from the panel. */
  dismiss(): Promise<void> {
    return this.run(async () => {
      if (this.current?.phase !== 'on') await this.set(undefined);
    });
  }

  /** A word from the co-leader of `groupId`'s channel. */
  heard(groupId: string, e: PracticeEvent): Promise<void> {
    return this.run(async () => {
      const now = this.now();
      let r = this.current;
      if (e.action === 'invite') {
        const s = this.d.scenario(e.scenario);
        // A word that waited in an outbox past the scenario's whole length is a rehearsal long over.
        const stale = now - e.sentAt > (s ? lengthMs(s, e.speed) : 0) + 60_000;
        if (e.from !== 'a' || stale || (r && r.phase === 'on')) return;
        await this.set({
          id: e.rehearsal,
          groupId,
          scenarioId: e.scenario,
          version: e.version,
          me: 'b',
          phase: 'asked',
          joined: true,
          declined: false,
          clock: followClock(e, now),
          startSpeed: e.speed,
          startedAt: now,
          marks: this.theirs(e),
          theirsFinal: false,
          theirSeq: e.seq,
          seq: 0,
        });
        return;
      }
      if (!r || r.id !== e.rehearsal || r.groupId !== groupId || e.from === r.me) return;
      const marks = [...r.marks, ...this.theirs(e).filter((m) => !r!.marks.some((x) => x.id === m.id))];
      const fresh = e.seq > r.theirSeq;
      r = { ...r, marks, theirSeq: Math.max(r.theirSeq, e.seq) };
      switch (e.action) {
        case 'join':
          r = { ...r, joined: true };
          await this.set(r);
          // The joiner sets its clock by this answer.
          if (r.phase === 'on') await this.say('sync');
          return;
        case 'decline':
          return this.set({ ...r, declined: true });
        case 'sync':
        case 'pause':
        case 'resume':
        case 'speed':
          return this.set(fresh && r.phase !== 'over' ? { ...r, clock: followClock(e, now) } : r);
        case 'mark':
          return this.set(r);
        case 'stop':
          // Over before this leader joined: the ask goes.
          if (r.phase === 'asked') return this.set(undefined);
          await this.set({ ...r, theirsFinal: true });
          if (r.phase === 'over') return this.debrief();
          return this.over(e.scenarioMs, 'end');
        case 'end':
          if (r.phase === 'asked') return this.set(undefined);
          await this.set({ ...r, theirsFinal: true });
          if (this.current?.phase === 'over') await this.debrief();
      }
    });
  }

  private theirs(e: PracticeEvent): PracticeMark[] {
    return e.marks.map((m) => ({ ...m, by: e.from }));
  }

  /** It is over here: say so with every mark made here, and debrief once the co-leader's arrive. */
  private async over(endMs: number, action: 'stop' | 'end'): Promise<void> {
    const r = this.current!;
    await this.set({
      ...r,
      phase: 'over',
      endMs,
      clock: { ...r.clock, playing: false, atMs: endMs, wall: this.now() },
    });
    // Said even when the co-leader has not joined, so that their ask goes.
    if (r.phase === 'on')
      await this.say(
        action,
        r.marks.filter((m) => m.by === r.me),
      );
    await this.debrief();
  }

  /** Debriefs when the co-leader's marks are all here (or never will be), else after a while without them. */
  private async debrief(): Promise<void> {
    const r = this.current;
    if (!r || r.phase !== 'over' || r.endMs === undefined) return;
    const s = this.d.scenario(r.scenarioId);
    if (!s) return;
    const alone = r.me === 'a' && !r.joined;
    const complete = r.theirsFinal || alone;
    if (!complete && this.finalTimer === undefined) {
      this.finalTimer = setTimeout(() => {
        this.finalTimer = undefined;
        void this.run(() => this.keep(true));
      }, this.d.finalWaitMs ?? 10_000);
    }
    if (complete) {
      clearTimeout(this.finalTimer);
      this.finalTimer = undefined;
      await this.keep(false);
    }
  }

  private async keep(partial: boolean): Promise<void> {
    const r = this.current;
    const s = r && this.d.scenario(r.scenarioId);
    if (!r || !s || r.endMs === undefined) return;
    await this.d.save(
      debriefPair(
        s,
        {
          id: r.id,
          version: r.version,
          speed: r.startSpeed,
          startedAt: r.startedAt,
          me: r.me,
          endMs: r.endMs,
          partial,
        },
        r.marks,
      ),
    );
  }

  private async say(action: PracticeEvent['action'], marks: PracticeMark[] = []): Promise<void> {
    const r = this.current!;
    const now = this.now();
    const seq = r.seq + 1;
    await this.set({ ...r, seq });
    await this.d.send(r.groupId, {
      t: 'practice',
      rehearsal: r.id,
      scenario: r.scenarioId,
      version: r.version,
      action,
      from: r.me,
      seq,
      speed: r.clock.speed,
      playing: r.clock.playing,
      scenarioMs: Math.round(scenarioMsAt(r.clock, now)),
      sentAt: now,
      marks: marks.map(({ id, family, aloud, scenarioMs, speed }) => ({ id, family, aloud, scenarioMs, speed })),
    });
  }

  private async set(r: Rehearsal | undefined): Promise<void> {
    this.current = r;
    this.arm();
    await this.d.write(r);
    for (const cb of this.listeners) cb(r);
  }

  /** Ends it here when its scenario time runs out. */
  private arm(): void {
    clearTimeout(this.endTimer);
    this.endTimer = undefined;
    const r = this.current;
    const s = r && this.d.scenario(r.scenarioId);
    if (!r || !s || r.phase !== 'on' || !r.clock.playing) return;
    const total = s.minutes * 60_000;
    const left = (total - scenarioMsAt(r.clock, this.now())) / r.clock.speed;
    this.endTimer = setTimeout(
      () =>
        void this.run(async () => {
          if (this.current?.id === r.id && this.current.phase === 'on') await this.over(total, 'end');
        }),
      Math.max(0, left),
    );
  }
}
