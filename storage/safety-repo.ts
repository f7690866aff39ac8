/**
 * Safety records before and between sessions, all sealed. Every method throws
 * FieldOpenError on a stored record that does not open and VaultLockedError
 * after lock; none ever writes plaintext.
 */
import type { FieldCipher } from '../crypto/types';
import type { ChecklistResult } from '../domain/checklist';
import { allianceValid, type GroupMeasure } from '../domain/gcq';
import { emptyLeaderProfile, type LeaderProfile, type MemberSafety } from '../domain/safety';
import type { ScreeningForm } from '../domain/screening';
import type { Id } from '../domain/types';
import type { ChecklistRow, LeaderProfileRow, MeasureRow, SafetyRow, ScreeningRow, SquircleDb } from './db';
import { SealedTable } from './sealed-table';
import { checklistSpec, leaderProfileSpec, measureSpec, safetySpec, screeningSpec } from './safety-tables';

export class SafetyRepo {
  readonly safety: SealedTable<MemberSafety, SafetyRow>;
  readonly leader: SealedTable<LeaderProfile, LeaderProfileRow>;
  readonly screenings: SealedTable<ScreeningForm, ScreeningRow>;
  readonly checklists: SealedTable<ChecklistResult, ChecklistRow>;
  readonly measures: SealedTable<GroupMeasure, MeasureRow>;

  constructor(
    private readonly db: SquircleDb,
    cipher: FieldCipher,
    private readonly now: () => number = Date.now,
  ) {
    this.safety = new SealedTable(db.safety, safetySpec, cipher);
    this.leader = new SealedTable(db.leaderProfile, leaderProfileSpec, cipher);
    this.screenings = new SealedTable(db.screenings, screeningSpec, cipher);
    this.checklists = new SealedTable(db.checklists, checklistSpec, cipher);
    this.measures = new SealedTable(db.measures, measureSpec, cipher);
  }

  /** A member's safety record; undefined when none is kept yet. */
  memberSafety(memberId: Id): Promise<MemberSafety | undefined> {
    return this.safety.get(memberId);
  }

  async safetyByGroup(groupId: Id): Promise<MemberSafety[]> {
    const rows = await this.db.safety.where('groupId').anyOf(this.safety.lookup('groupId', groupId)).toArray();
    return this.safety.openAll(rows);
  }

  /** Inserts or replaces, stamped now. */
  saveSafety(s: MemberSafety): Promise<MemberSafety> {
    return this.safety.put({ ...s, updatedAt: this.now() });
  }

  /** The leader's profile, or an empty one (not stored) before the first save. */
  async leaderProfile(): Promise<LeaderProfile> {
    return (await this.leader.get('leader')) ?? emptyLeaderProfile();
  }

  saveLeaderProfile(p: Omit<LeaderProfile, 'id' | 'updatedAt'>): Promise<LeaderProfile> {
    return this.leader.put({ ...p, id: 'leader', updatedAt: this.now() });
  }

  /** A member's screening forms, newest first. */
  async screeningsFor(memberId: Id): Promise<ScreeningForm[]> {
    const rows = await this.db.screenings
      .where('memberId')
      .anyOf(this.screenings.lookup('memberId', memberId))
      .toArray();
    return this.screenings.openAll(rows).sort((a, b) => b.screenedAt - a.screenedAt);
  }

  saveScreening(f: ScreeningForm): Promise<ScreeningForm> {
    return this.screenings.put({ ...f, updatedAt: this.now() });
  }

  checklist(sessionId: Id): Promise<ChecklistResult | undefined> {
    return this.checklists.get(sessionId);
  }

  saveChecklist(c: ChecklistResult): Promise<ChecklistResult> {
    return this.checklists.put({ ...c, updatedAt: this.now() });
  }

  /** A group's ratings, oldest session first (ties by id). */
  async measuresByGroup(groupId: Id): Promise<GroupMeasure[]> {
    const rows = await this.db.measures.where('groupId').anyOf(this.measures.lookup('groupId', groupId)).toArray();
    return this.measures.openAll(rows).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async measuresBySession(sessionId: Id): Promise<GroupMeasure[]> {
    return this.measures.openAll(await this.db.measures.where('sessionId').equals(sessionId).toArray());
  }

  /**
   * Inserts or replaces one rating. Throws RangeError on a GCQ-S answer list
   * that is not 12 long or an alliance rating outside 1-7.
   */
  saveMeasure(m: GroupMeasure): Promise<GroupMeasure> {
    if (m.gcq.length !== 12) throw new RangeError('A GCQ-S rating has 12 items.');
    if (!allianceValid(m.alliance)) throw new RangeError('Alliance ratings are whole numbers from 1 to 7.');
    return this.measures.put({ ...m, updatedAt: this.now() });
  }

  /** Permanent; an id that does not exist is not an error. */
  async deleteMeasure(id: Id): Promise<void> {
    await this.db.measures.delete(id);
  }
}
