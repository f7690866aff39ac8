import type { GroupMeasure } from '../../domain/gcq';
import type { MemberHistory } from '../../domain/member-history';
import type { MemberSafety } from '../../domain/safety';
import type { ScreeningForm } from '../../domain/screening';
import type { Id, Member } from '../../domain/types';

/** Everything the member page shows about one member, read from the vault at once. */
export interface MemberPage {
  member: Member;
  groupName: string;
  history: MemberHistory;
  /** Newest first. */
  screenings: ScreeningForm[];
  safety: MemberSafety | undefined;
  /** The member's own ratings, oldest first. */
  measures: GroupMeasure[];
}

/** What the member page needs, passed in (ext/panel/member-api.ts implements it). */
export interface MemberPageApi {
  /** Active and archived members of a group, for choosing one. */
  members(groupId: Id): Promise<Member[]>;
  load(memberId: Id): Promise<MemberPage>;
  /** Hides the attendance flag until a session after `through` adds to the pattern. */
  dismissFlag(memberId: Id, through: number): Promise<void>;
}
