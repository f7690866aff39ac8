import type { ChecklistResult, Reminder } from '../../domain/checklist';
import type { GcqConfig, GroupMeasure } from '../../domain/gcq';
import type { JurisdictionRule } from '../../domain/jurisdictions';
import type { LeaderProfile, MemberSafety } from '../../domain/safety';
import type { ScreeningForm } from '../../domain/screening';
import type { Id, Session } from '../../domain/types';
import type { Live } from '../useLive';

/** A rating as the form hands it over; the service adds the id, group and time. */
export type MeasureInput = Pick<GroupMeasure, 'memberId' | 'gcq' | 'alliance' | 'remark'> & { id?: Id };

/** What the safety screens need from the app (ext/safety-api.ts implements it). */
export interface SafetyApi {
  live: {
    memberSafety(memberId: Id): Live<MemberSafety | undefined>;
    groupSafety(groupId: Id): Live<MemberSafety[]>;
    leaderProfile(): Live<LeaderProfile>;
    /** Newest first. */
    screenings(memberId: Id): Live<ScreeningForm[]>;
    checklist(sessionId: Id): Live<ChecklistResult | undefined>;
    /** Oldest session first. */
    measures(groupId: Id): Live<GroupMeasure[]>;
  };
  saveSafety(s: MemberSafety): Promise<MemberSafety>;
  saveLeaderProfile(p: Omit<LeaderProfile, 'id' | 'updatedAt'>): Promise<LeaderProfile>;
  /** A new, unanswered form for a member (not stored until saved). */
  newScreening(memberId: Id): ScreeningForm;
  saveScreening(f: ScreeningForm): Promise<ScreeningForm>;
  /** Builds the session's checklist from the records (keeping ticks already made) and stores it. */
  prepareChecklist(session: Session, memberIds: Id[]): Promise<ChecklistResult>;
  saveChecklist(c: ChecklistResult): Promise<ChecklistResult>;
  /** Ticks (or unticks) a member's location for this session; a tick also dates the member's record. */
  confirmLocation(sessionId: Id, memberId: Id, confirmed: boolean): Promise<void>;
  /** What still needs doing for this checklist: unconfirmed locations, missing or old consent. */
  reminders(checklist: ChecklistResult): Promise<Reminder[]>;
  saveMeasure(session: Session, m: MeasureInput): Promise<GroupMeasure>;
  gcqConfig: GcqConfig;
  consentMaxAgeMonths: number;
  /** The jurisdiction table the checklist was built with, for the numbers and rules shown. */
  jurisdictions: readonly JurisdictionRule[];
  /** Opens Settings (the GCQ-S wording is entered there), where the page can. */
  openSettings?: () => void;
}
