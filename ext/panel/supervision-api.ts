import { myIdentity } from '../../channel/state';
import { supervisionGroupId } from '../../channel/supervision';
import { toBase64 } from '../../crypto/encoding';
import { checkCosigns, checkSeals, cosignNote } from '../../crypto/note-signature';
import type { FieldCipher } from '../../crypto/types';
import type { HistoryApi } from '../../components/history/api';
import type { PracticeSupervisionApi, SupervisionApi, TraineeSupervisionApi } from '../../components/supervision/api';
import {
  practiceShareKey,
  sharedNoteAsNote,
  sharedPractice,
  sharedSession,
  shareSummary,
  type SharedPractice,
  type SharedSession,
} from '../../domain/supervision';
import { ChannelRepo } from '../../storage/channel-repo';
import type { SquircleDb } from '../../storage/db';
import { MessagesRepo } from '../../storage/messages-repo';
import { PracticeRepo } from '../../storage/practice-repo';
import { SupervisionRepo } from '../../storage/supervision-repo';
import { onTableChanged } from '../../storage/table-changes';
import type { CoLeaderService } from './coleader-service';
import { UserError } from '../../util/user-error';

/** Calls `cb` on any change to supervision's rows or the channels (a pairing, a verification). */
const watch = (db: SquircleDb, coleaders: CoLeaderService, cb: () => void) => {
  const offs = [onTableChanged(db, 'scratch', cb), onTableChanged(db, 'channels', cb), coleaders.onChange(cb)];
  return () => offs.forEach((off) => off());
};

const commentFrom = (sessionId: string, noteId: string, text: string, name: string) => {
  const body = text.trim();
  if (!body) throw new UserError('serviceErrors.writeComment', 'Write the comment first.');
  return { id: crypto.randomUUID(), sessionId, noteId, text: body, name: named(name), at: Date.now() };
};

const named = (name: string) => {
  const n = name.trim();
  if (!n)
    throw new UserError(
      'serviceErrors.commenterName',
      'Write your name and credentials: they stay with the comment or signature.',
    );
  return n;
};

/** The supervisor's side, and pairing on either side, over the co-leader channels (channel/supervision.ts). */
export function supervisionApi(db: SquircleDb, cipher: FieldCipher, coleaders: CoLeaderService): SupervisionApi {
  const repo = new SupervisionRepo(db, cipher);
  const identity = () => myIdentity(new ChannelRepo(db, cipher));
  const sharedNote = async (channelId: string, sessionId: string, noteId: string) => {
    const r = await repo.get(channelId, sessionId);
    const n = r?.share?.notes.find((x) => x.id === noteId);
    if (!n) throw new UserError('serviceErrors.noteNotShared', 'That note is no longer shared with you.');
    return n;
  };
  return {
    channels: () => coleaders.supervisionChannels(),
    invite: () => coleaders.inviteSupervisor(),
    join: (text, code) => coleaders.joinAsSupervisor(text, code),
    shared: async () =>
      (await repo.list())
        .filter((r): r is typeof r & { share: SharedSession } => !!r.share)
        .map((r) => ({ channelId: r.channelId, share: r.share, comments: r.comments }))
        .sort((a, b) => b.share.startedAt - a.share.startedAt),
    check: async (share) => {
      const mine = toBase64((await identity()).signing.publicKey);
      return share.notes.map((n) => ({
        noteId: n.id,
        seals: checkSeals(sharedNoteAsNote(n)),
        cosigns: checkCosigns(sharedNoteAsNote(n)).map((c) => ({ ...c, mine: c.cosign.by === mine })),
      }));
    },
    comment: async (channelId, sessionId, noteId, text, name) => {
      const comment = commentFrom(sessionId, noteId, text, name);
      await sharedNote(channelId, sessionId, noteId);
      await repo.addComment(channelId, comment);
      await coleaders.sink(supervisionGroupId(channelId), [{ t: 'sv-comment', comment }]);
    },
    cosign: async (channelId, sessionId, noteId, name) => {
      const n = await sharedNote(channelId, sessionId, noteId);
      const cosign = cosignNote(sharedNoteAsNote(n), (await identity()).signing, named(name), Date.now());
      await repo.addCosign(channelId, sessionId, noteId, cosign);
      await coleaders.sink(supervisionGroupId(channelId), [{ t: 'sv-cosign', sessionId, noteId, cosign }]);
    },
    sharedPractice: async () =>
      (await repo.list())
        .filter((r): r is typeof r & { practice: SharedPractice } => !!r.practice)
        .map((r) => ({ channelId: r.channelId, practice: r.practice, comments: r.comments }))
        .sort((a, b) => b.practice.startedAt - a.practice.startedAt),
    commentPractice: async (channelId, debriefId, text, name) => {
      // A practice comment is kept and sent like a note's: under the debrief's key, naming the debrief.
      const comment = commentFrom(practiceShareKey(debriefId), debriefId, text, name);
      if (!(await repo.get(channelId, comment.sessionId))?.practice)
        throw new UserError('serviceErrors.debriefNotShared', 'That practice debrief is no longer shared with you.');
      await repo.addComment(channelId, comment);
      await coleaders.sink(supervisionGroupId(channelId), [{ t: 'sv-comment', comment }]);
    },
    onChange: (cb) => watch(db, coleaders, cb),
  };
}

const verifiedSupervisors = (coleaders: CoLeaderService) => async () =>
  (await coleaders.supervisionChannels()).filter((c) => c.role === 'trainee' && c.others.some((o) => o.verified));

/** The trainee's side in History: share a session with a verified supervisor, read the comments. */
export function traineeSupervisionApi(
  db: SquircleDb,
  cipher: FieldCipher,
  coleaders: CoLeaderService,
  history: Pick<HistoryApi, 'detail'>,
): TraineeSupervisionApi {
  const repo = new SupervisionRepo(db, cipher);
  const build = async (sessionId: string) => {
    const debrief = (await new MessagesRepo(db, cipher).listBySession(sessionId)).filter((m) => m.kind === 'parked');
    return sharedSession(await history.detail(sessionId), debrief, Date.now());
  };
  const supervisors = verifiedSupervisors(coleaders);
  return {
    supervisors,
    preview: async (sessionId) => shareSummary(await build(sessionId)),
    share: async (channelId, sessionId) => {
      if (!(await supervisors()).some((c) => c.channelId === channelId))
        throw new UserError(
          'serviceErrors.supervisorNotPaired',
          'That supervisor is not paired and verified on this device.',
        );
      const share = await build(sessionId);
      await coleaders.sink(supervisionGroupId(channelId), [{ t: 'sv-share', share }]);
      await repo.update(channelId, sessionId, (r) => ({ ...r, sharedAt: share.sharedAt }));
    },
    received: async (sessionId) => {
      const records = await repo.forSession(sessionId);
      const shared = records.map((r) => r.sharedAt ?? 0).filter(Boolean);
      return {
        comments: records.flatMap((r) => r.comments).sort((a, b) => a.at - b.at),
        sharedAt: shared.length ? Math.max(...shared) : null,
      };
    },
    onChange: (cb) => watch(db, coleaders, cb),
  };
}

/** The trainee's side in Practice: share a kept practice debrief with a verified supervisor, read the comments. */
export function practiceSupervisionApi(
  db: SquircleDb,
  cipher: FieldCipher,
  coleaders: CoLeaderService,
): PracticeSupervisionApi {
  const repo = new SupervisionRepo(db, cipher);
  const supervisors = verifiedSupervisors(coleaders);
  return {
    supervisors,
    share: async (channelId, debriefId) => {
      if (!(await supervisors()).some((c) => c.channelId === channelId))
        throw new UserError(
          'serviceErrors.supervisorNotPaired',
          'That supervisor is not paired and verified on this device.',
        );
      const debrief = (await new PracticeRepo(db, cipher).list()).find((d) => d.id === debriefId);
      if (!debrief)
        throw new UserError('serviceErrors.debriefGone', 'That practice debrief is no longer kept on this device.');
      const practice = sharedPractice(debrief, Date.now());
      await coleaders.sink(supervisionGroupId(channelId), [{ t: 'sv-practice', practice }]);
      await repo.update(channelId, practiceShareKey(debriefId), (r) => ({ ...r, sharedAt: practice.sharedAt }));
    },
    received: async (debriefId) => {
      const records = await repo.forSession(practiceShareKey(debriefId));
      const shared = records.map((r) => r.sharedAt ?? 0).filter(Boolean);
      return {
        comments: records.flatMap((r) => r.comments).sort((a, b) => a.at - b.at),
        sharedAt: shared.length ? Math.max(...shared) : null,
      };
    },
    onChange: (cb) => watch(db, coleaders, cb),
  };
}
