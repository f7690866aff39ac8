import type { FieldCipher } from '../../crypto/types';
import { memberHistory } from '../../domain/member-history';
import type { ClientNotesApi } from '../../components/history/api';
import type { MemberPageApi } from '../../components/history/member-api';
import { NotesRepo } from '../../storage/notes-repo';
import type { SquircleDb } from '../../storage/db';
import { MarkersRepo } from '../../storage/markers-repo';
import { GroupsRepo, MembersRepo } from '../../storage/roster-repo';
import { SafetyRepo } from '../../storage/safety-repo';
import { SessionsRepo } from '../../storage/sessions-repo';

/** The member page's reads: the member's group's sessions and markers, and their safety records. */
export function memberPageApi(db: SquircleDb, cipher: FieldCipher): MemberPageApi {
  const members = new MembersRepo(db, cipher);
  const sessions = new SessionsRepo(db, cipher);
  const markers = new MarkersRepo(db, cipher);
  const safety = new SafetyRepo(db, cipher);
  return {
    members: async (groupId) => [
      ...(await members.listByGroup(groupId, 'active')),
      ...(await members.listByGroup(groupId, 'archived')),
    ],
    load: async (memberId) => {
      const member = await members.get(memberId);
      if (!member) throw new Error('That member is no longer in the roster.');
      const [group, held, screenings, record, measures] = await Promise.all([
        new GroupsRepo(db, cipher).get(member.groupId),
        sessions.listByOwner(member.groupId),
        safety.screeningsFor(memberId),
        safety.memberSafety(memberId),
        safety.measuresByGroup(member.groupId),
      ]);
      const marked = (await Promise.all(held.map((s) => markers.listBySession(s.id)))).flat();
      return {
        member,
        groupName: group?.name ?? 'Deleted group',
        history: memberHistory(memberId, held, marked, member.patternDismissedThrough ?? null),
        screenings,
        safety: record,
        measures: measures.filter((m) => m.memberId === memberId).sort((a, b) => a.at - b.at),
      };
    },
    dismissFlag: async (memberId, through) =>
      void (await members.update(memberId, { patternDismissedThrough: through })),
  };
}

/** Client notes: each member's own progress note from a group session, kept on this device. */
export function clientNotesApi(db: SquircleDb, cipher: FieldCipher): ClientNotesApi {
  const notes = new NotesRepo(db, cipher);
  return {
    list: (sessionId) => notes.clientNotes(sessionId),
    save: (key, fields) => notes.saveClientNote(key, fields),
  };
}
