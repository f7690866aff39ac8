import { checkCosigns, checkSeals } from '../crypto/note-signature';
import type { FieldCipher } from '../crypto/types';
import {
  practiceShareKey,
  sharedNoteAsNote,
  type SharedNote,
  type SharedPractice,
  type SharedSession,
} from '../domain/supervision';
import type { Note } from '../domain/types';
import type { SquircleDb } from '../storage/db';
import { NotesRepo } from '../storage/notes-repo';
import { SupervisionRepo } from '../storage/supervision-repo';
import type {
  SupervisionCommentEvent,
  SupervisionCosignEvent,
  SupervisionPracticeEvent,
  SupervisionShareEvent,
} from './events';
import { UserError } from '../util/user-error';

/**
 * A supervision channel is a co-leader channel (same pairing, code and
 * envelopes) bound to a group id of its own that names no group: the
 * engine's roster, session snapshots, anti-entropy and cover traffic all
 * work per group, so none of the trainee's groups or live sessions ever
 * goes to it. Only what the trainee shares, and the supervisor's answers, do.
 */
const PREFIX = 'supervision:';
export const supervisionGroupId = (channelId: string) => `${PREFIX}${channelId}`;
export const isSupervision = (groupId: string) => groupId.startsWith(PREFIX);
export const channelOfSupervision = (groupId: string) => groupId.slice(PREFIX.length);

/** The trainee invited; the supervisor joined. */
export type SupervisionRole = 'trainee' | 'supervisor';

type SupervisionEvent =
  SupervisionShareEvent | SupervisionPracticeEvent | SupervisionCommentEvent | SupervisionCosignEvent;

/**
 * Applies supervision events on one supervision channel: the supervisor
 * keeps what the trainee shares; the trainee keeps the supervisor's
 * comments and co-signatures, for sessions it shared on this channel only.
 * A signature is taken only with the sender's verified key (the trainee's
 * on a share's signed notes, the supervisor's on a co-signature); anything
 * else is refused and counted.
 */
export class SupervisionApplier {
  private readonly repo: SupervisionRepo;
  private readonly notes: NotesRepo;

  constructor(
    db: SquircleDb,
    cipher: FieldCipher,
    private readonly channelId: string,
    private readonly role: SupervisionRole,
    /** This device's signing key (base64): its own co-signatures come back in a share again. */
    private readonly myKey: () => Promise<string>,
    private readonly refused: (reason: string) => Promise<void>,
  ) {
    this.repo = new SupervisionRepo(db, cipher);
    this.notes = new NotesRepo(db, cipher);
  }

  async apply(e: SupervisionEvent, senderKey: string | undefined): Promise<boolean> {
    if (!senderKey) return this.refuse('supervision-unverified');
    if (e.t === 'sv-share') return this.role === 'supervisor' ? this.share(e.share, senderKey) : false;
    if (e.t === 'sv-practice') return this.role === 'supervisor' ? this.practice(e.practice) : false;
    if (this.role !== 'trainee') return false;
    return e.t === 'sv-comment' ? this.comment(e) : this.cosign(e, senderKey);
  }

  private async refuse(reason: string): Promise<false> {
    await this.refused(reason);
    return false;
  }

  private async share(share: SharedSession, senderKey: string): Promise<boolean> {
    if (share.sessionId.startsWith(practiceShareKey(''))) return this.refuse('bad-share');
    const mine = await this.myKey();
    const notes: SharedNote[] = [];
    for (const n of share.notes) {
      if (n.sessionId !== share.sessionId) return this.refuse('bad-share');
      const note = sharedNoteAsNote(n);
      const seals = checkSeals(note);
      if (seals.some((c) => !c.valid || c.seal.by !== senderKey)) return this.refuse('share-signer-not-sender');
      // A co-signature is kept only when it holds and is the trainee's or this supervisor's own.
      const cosigns = checkCosigns(note).filter((c) => c.valid && (c.cosign.by === senderKey || c.cosign.by === mine));
      if (cosigns.length !== (n.cosigns?.length ?? 0)) await this.refused('share-cosign-dropped');
      const { cosigns: _all, ...rest } = n;
      notes.push(cosigns.length ? { ...rest, cosigns: cosigns.map((c) => c.cosign) } : rest);
    }
    await this.repo.update(this.channelId, share.sessionId, (r) => ({ ...r, share: { ...share, notes } }));
    return true;
  }

  /** A practice debrief is kept under its own key, apart from shared sessions; a newer share replaces it. */
  private async practice(p: SharedPractice): Promise<boolean> {
    const kept = await this.repo.update(this.channelId, practiceShareKey(p.id), (r) =>
      r.practice && r.practice.sharedAt >= p.sharedAt ? undefined : { ...r, practice: p },
    );
    return !!kept;
  }

  private async comment(e: SupervisionCommentEvent): Promise<boolean> {
    const r = await this.repo.get(this.channelId, e.comment.sessionId);
    if (!r?.sharedAt) return this.refuse('comment-not-shared');
    return this.repo.addComment(this.channelId, e.comment);
  }

  private async cosign(e: SupervisionCosignEvent, senderKey: string): Promise<boolean> {
    const r = await this.repo.get(this.channelId, e.sessionId);
    const note = await this.notes.byId(e.noteId);
    if (!r?.sharedAt || !note || note.sessionId !== e.sessionId) return this.refuse('cosign-not-shared');
    if (e.cosign.by !== senderKey) return this.refuse('note-signer-not-sender');
    if (note.cosigns?.some((c) => c.sig === e.cosign.sig)) return false;
    const holds = (n: Note) => !!checkCosigns({ ...n, cosigns: [e.cosign] })[0]?.valid;
    if (!holds(note)) return this.refuse('bad-cosign');
    // Checked again on the note as stored when written: it must still be the version co-signed.
    await this.notes.cosign(note.id, (n) => {
      if (!holds(n))
        throw new UserError('serviceErrors.noteChanged', 'The note changed before the co-signature was kept.');
      return e.cosign;
    });
    return true;
  }
}
