import type { FieldCipher } from '../../crypto/types';
import { memberHistory } from '../../domain/member-history';
import type { ClientNotesApi, NoteSigningApi } from '../../components/history/api';
import { myIdentity } from '../../channel/state';
import { toBase64 } from '../../crypto/encoding';
import { amendNote, checkCosigns, checkSeals, cosignNote, signNote } from '../../crypto/note-signature';
import type { Note } from '../../domain/types';
import { ChannelRepo } from '../../storage/channel-repo';
import type { MemberPageApi } from '../../components/history/member-api';
import { NotesRepo } from '../../storage/notes-repo';
import type { SquircleDb } from '../../storage/db';
import { MarkersRepo } from '../../storage/markers-repo';
import { GroupsRepo, MembersRepo } from '../../storage/roster-repo';
import { SafetyRepo } from '../../storage/safety-repo';
import { SessionsRepo } from '../../storage/sessions-repo';
import { UserError } from '../../util/user-error';

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
      if (!member) throw new UserError('serviceErrors.memberGone', 'That member is no longer in the roster.');
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

/**
 * Signatures by this device's identity key (the one its co-leaders
 * verified). `share` hands each signed, amended or co-signed note to the
 * session's co-leaders (a group session note only; it decides).
 */
export function noteSigningApi(
  db: SquircleDb,
  cipher: FieldCipher,
  share: (note: Note) => Promise<void> = async () => undefined,
): NoteSigningApi {
  const notes = new NotesRepo(db, cipher);
  const shared = async (n: Note) => {
    await share(n);
    return n;
  };
  const identity = () => myIdentity(new ChannelRepo(db, cipher));
  const named = (name: string) => {
    const n = name.trim();
    if (!n)
      throw new UserError('serviceErrors.signerName', 'Write your name and credentials: they stay with the signature.');
    return n;
  };
  return {
    sign: async (noteId, name) => {
      const key = (await identity()).signing;
      return shared(await notes.seal(noteId, (n) => ({ signed: signNote(n, key, named(name), Date.now()) })));
    },
    amend: async (noteId, fields, reason, name) => {
      const key = (await identity()).signing;
      return shared(
        await notes.seal(noteId, (n) => ({ amendment: amendNote(n, fields, reason, key, named(name), Date.now()) })),
      );
    },
    cosign: async (noteId, name) => {
      const key = (await identity()).signing;
      return shared(await notes.cosign(noteId, (n) => cosignNote(n, key, named(name), Date.now())));
    },
    check: async (note) => {
      const mine = toBase64((await identity()).signing.publicKey);
      return checkSeals(note).map((seal) => ({ seal, mine: seal.seal.by === mine }));
    },
    checkCosigns: async (note) => {
      const mine = toBase64((await identity()).signing.publicKey);
      return checkCosigns(note).map((check) => ({ check, mine: check.cosign.by === mine }));
    },
  };
}
