/**
 * What the leaders keep per member for safety, and about themselves for
 * licensure and platforms; and how the pre-session checklist is filled in
 * from both. All of it is sealed at rest.
 */
import type { ChecklistResult, MemberCheck } from './checklist';
import { PSYPACT_JURISDICTIONS, jurisdictionCheck, type LeaderLicensure } from './jurisdiction';
import type { JurisdictionRule } from './jurisdictions';
import type { Id } from './types';

export interface MemberSafety {
  /** The member's id: one record per member. */
  id: Id;
  groupId: Id;
  /** Where they usually join from, as free text (an address, a description). */
  location: string;
  /** The state, province or country of that location, for the licence check. */
  region: string;
  /** When the location was last confirmed with the member. */
  locationConfirmedAt: number | null;
  /** Who to call and how, as free text. */
  emergencyContact: string;
  consentDate: number | null;
  /** Which consent form they signed, e.g. "Online groups v2". */
  consentVersion: string;
  /** When they agreed to the group's agreement (confidentiality, attendance). */
  agreementDate: number | null;
  remarks: string;
  updatedAt: number;
}

export interface PlatformStatus {
  approved: boolean;
  /** A business associate agreement with the vendor is in place. */
  baa: boolean;
}

export interface LeaderProfile extends LeaderLicensure {
  /** One profile per vault. */
  id: 'leader';
  /** Per platform code ('meet', 'zoom' ...). */
  platforms: Record<string, PlatformStatus>;
  updatedAt: number;
}

export const emptySafety = (id: Id, groupId: Id): MemberSafety => ({
  id,
  groupId,
  location: '',
  region: '',
  locationConfirmedAt: null,
  emergencyContact: '',
  consentDate: null,
  consentVersion: '',
  agreementDate: null,
  remarks: '',
  updatedAt: 0,
});

export const emptyLeaderProfile = (): LeaderProfile => ({
  id: 'leader',
  licensedIn: [],
  psypact: false,
  platforms: {},
  updatedAt: 0,
});

/** Approved and covered by an agreement; an unknown platform is not. */
export const platformApproved = (p: LeaderProfile, platform: string): boolean => {
  const s = p.platforms[platform];
  return !!s && s.approved && s.baa;
};

export interface ChecklistInput {
  sessionId: Id;
  ownerId: Id;
  platform: string;
  memberIds: Id[];
  safety: readonly MemberSafety[];
  leader: LeaderProfile;
  now: number;
  /** The jurisdiction table with the clinic's entries (withClinicRules); the built-in one by default. */
  rules?: readonly JurisdictionRule[];
}

/**
 * A fresh checklist for a session, or `previous` brought up to date: members
 * added or removed since, and the last known locations and licence checks
 * refreshed. Ticks already made are kept; nothing is ticked for the leader
 * except what the records already show (consent, platform).
 */
export function buildChecklist(x: ChecklistInput, previous?: ChecklistResult): ChecklistResult {
  const byId = new Map(x.safety.map((s) => [s.id, s]));
  const before = new Map(previous?.members.map((m) => [m.memberId, m]));
  const members: MemberCheck[] = x.memberIds.map((memberId) => {
    const s = byId.get(memberId);
    return {
      memberId,
      locationConfirmed: before.get(memberId)?.locationConfirmed ?? false,
      lastKnownLocation: s?.location ?? '',
      consentOnFile: s?.consentDate != null,
      jurisdiction: jurisdictionCheck(s?.region ?? '', x.leader, PSYPACT_JURISDICTIONS, x.rules),
    };
  });
  return {
    id: x.sessionId,
    ownerId: x.ownerId,
    members,
    session: previous?.session ?? {
      platformApproved: platformApproved(x.leader, x.platform),
      recordingOff: false,
      leadersInPrivateRoom: false,
    },
    readAloud: previous?.readAloud ?? false,
    updatedAt: x.now,
  };
}
