import { liveQuery } from 'dexie';
import type { SafetyApi } from '../../components/safety/api';
import type { FieldCipher } from '../../crypto/types';
import { remindersFor, type ChecklistResult } from '../../domain/checklist';
import { defaultGcqConfig, type GcqConfig } from '../../domain/gcq';
import { JURISDICTION_RULES, type JurisdictionRule } from '../../domain/jurisdictions';
import { buildChecklist, type MemberSafety } from '../../domain/safety';
import { deriveRecommendation, emptyAnswers } from '../../domain/screening';
import type { Id, Session } from '../../domain/types';
import type { SquircleDb } from '../../storage/db';
import { SafetyRepo } from '../../storage/safety-repo';

export interface SafetyOptions {
  /** The clinic's GCQ-S item wording and mapping; placeholders by default. */
  gcqConfig?: GcqConfig;
  /** Consent older than this many months is flagged for renewal. */
  consentMaxAgeMonths?: number;
  /** The jurisdiction table with the clinic's entries; the built-in one by default. */
  jurisdictions?: readonly JurisdictionRule[];
  /** Opens Settings, where the GCQ-S wording is entered. */
  openSettings?: () => void;
  now?: () => number;
}

/**
 * The safety screens' API over the sealed repositories. Live views are Dexie
 * liveQueries, so a tick made in one panel shows in another without a reload.
 */
export function safetyApi(db: SquircleDb, cipher: FieldCipher, opts: SafetyOptions = {}): SafetyApi {
  const now = opts.now ?? Date.now;
  const repo = new SafetyRepo(db, cipher, now);
  // A session's people: a group's members, or the one client (whose record is kept under the client's id).
  const recordsFor = async (session: Pick<Session, 'ownerKind' | 'ownerId'>): Promise<MemberSafety[]> =>
    session.ownerKind === 'group'
      ? repo.safetyByGroup(session.ownerId)
      : [await repo.memberSafety(session.ownerId)].filter((s): s is MemberSafety => !!s);

  return {
    live: {
      memberSafety: (memberId) => liveQuery(() => repo.memberSafety(memberId)),
      groupSafety: (groupId) => liveQuery(() => repo.safetyByGroup(groupId)),
      leaderProfile: () => liveQuery(() => repo.leaderProfile()),
      screenings: (memberId) => liveQuery(() => repo.screeningsFor(memberId)),
      checklist: (sessionId) => liveQuery(() => repo.checklist(sessionId)),
      measures: (groupId) => liveQuery(() => repo.measuresByGroup(groupId)),
    },
    saveSafety: (s) => repo.saveSafety(s),
    saveLeaderProfile: (p) => repo.saveLeaderProfile(p),
    newScreening: (memberId) => {
      const answers = emptyAnswers();
      return {
        id: crypto.randomUUID(),
        memberId,
        answers,
        derived: deriveRecommendation(answers),
        confirmed: false,
        notes: '',
        screenedAt: now(),
        updatedAt: now(),
      };
    },
    saveScreening: (f) => repo.saveScreening(f),
    prepareChecklist: (session, memberIds) =>
      // Read and rebuild in one transaction, so a tick made meanwhile is not overwritten.
      db.transaction('rw', [db.safety, db.leaderProfile, db.checklists], async () => {
        const [safety, leader, previous] = await Promise.all([
          recordsFor(session),
          repo.leaderProfile(),
          repo.checklist(session.id),
        ]);
        const c = buildChecklist(
          {
            sessionId: session.id,
            ownerId: session.ownerId,
            platform: session.platform,
            memberIds,
            safety,
            leader,
            now: now(),
            rules: opts.jurisdictions ?? JURISDICTION_RULES,
          },
          previous,
        );
        return repo.saveChecklist(c);
      }),
    saveChecklist: (c) => repo.saveChecklist(c),
    confirmLocation: (sessionId, memberId, confirmed) =>
      // One transaction: the tick and the date on the member's record are one fact.
      db.transaction('rw', [db.checklists, db.safety], async () => {
        await repo.checklists.change(sessionId, (c) => ({
          ...c,
          members: c.members.map((m) => (m.memberId === memberId ? { ...m, locationConfirmed: confirmed } : m)),
          updatedAt: now(),
        }));
        const s = await repo.memberSafety(memberId);
        if (confirmed && s) await repo.saveSafety({ ...s, locationConfirmedAt: now() });
      }),
    reminders: async (c: ChecklistResult) => {
      const records = new Map<Id, MemberSafety>();
      for (const m of c.members) {
        const s = await repo.memberSafety(m.memberId);
        if (s) records.set(m.memberId, s);
      }
      const input = c.members.map((m) => ({
        memberId: m.memberId,
        locationConfirmed: m.locationConfirmed,
        consentDate: records.get(m.memberId)?.consentDate ?? null,
      }));
      return remindersFor(input, now(), opts.consentMaxAgeMonths ?? 12);
    },
    saveMeasure: (session, m) =>
      repo.saveMeasure({
        id: m.id ?? crypto.randomUUID(),
        groupId: session.ownerId,
        sessionId: session.id,
        at: session.startedAt,
        memberId: m.memberId,
        gcq: m.gcq,
        alliance: m.alliance,
        remark: m.remark,
        updatedAt: now(),
      }),
    gcqConfig: opts.gcqConfig ?? defaultGcqConfig(),
    consentMaxAgeMonths: opts.consentMaxAgeMonths ?? 12,
    jurisdictions: opts.jurisdictions ?? JURISDICTION_RULES,
    ...(opts.openSettings && { openSettings: opts.openSettings }),
  };
}
