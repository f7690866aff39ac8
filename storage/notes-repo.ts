/**
 * Session notes, one draft per session and template. Only the session id is
 * in the clear: even which template was used (a process note exists) is
 * sealed, so finding a draft opens the session's few notes.
 */
import type { FieldCipher } from '../crypto/types';
import { addVersion, fieldState, fieldText, writeVersion, type FieldVersion } from '../domain/merge';
import type { NoteAmendment, NoteCosign, NoteSeal } from '../domain/note-signing';
import type { Id, Note, NoteClass, NoteTemplateId } from '../domain/types';
import type { NoteRow, SquircleDb } from './db';
import { SealedTable } from './sealed-table';
import { noteSpec } from './tables';
import { UserError } from '../util/user-error';

export interface NoteDraft {
  sessionId: Id;
  template: NoteTemplateId;
  noteClass: NoteClass;
  fields: Record<string, string>;
  versions?: Note['versions'];
}

/** Which note: its session and template. */
export type NoteKey = Pick<NoteDraft, 'sessionId' | 'template' | 'noteClass'>;

/** Who saves here: the leader's label and the panel's clock (one writer chain per clock). */
export interface NoteWriter {
  author: string;
  next(): string;
}

/** A signed note is a record: it changes only by a signed amendment. */
export class NoteSignedError extends Error {
  readonly messageKey = 'serviceErrors.noteSigned';
  constructor() {
    super('This note is signed, so it cannot be edited; add an amendment with the reason instead.');
    this.name = 'NoteSignedError';
  }
}

/** What a stored note keeps through every rewrite: its member and its signatures. */
const kept = (n: Note | undefined): Pick<Note, 'memberId' | 'signed' | 'amendments' | 'cosigns'> => ({
  ...(n?.memberId !== undefined && { memberId: n.memberId }),
  ...(n?.signed && { signed: n.signed }),
  ...(n?.amendments && { amendments: n.amendments }),
  ...(n?.cosigns && { cosigns: n.cosigns }),
});

const sigs = (n: Note): string[] => (n.signed ? [n.signed.sig, ...(n.amendments ?? []).map((a) => a.sig)] : []);

/** Every method throws VaultLockedError after lock and FieldOpenError on a stored note that does not open. */
export class NotesRepo {
  private readonly t: SealedTable<Note, NoteRow>;

  constructor(
    private readonly db: SquircleDb,
    cipher: FieldCipher,
    private readonly now: () => number = Date.now,
  ) {
    this.t = new SealedTable(db.notes, noteSpec, cipher);
  }

  async listBySession(sessionId: Id): Promise<Note[]> {
    return this.t.openAll(await this.db.notes.where('sessionId').equals(sessionId).toArray());
  }

  /** The session's own note in this template (not a client note). */
  async get(sessionId: Id, template: NoteTemplateId): Promise<Note | undefined> {
    return (await this.listBySession(sessionId)).find((n) => n.template === template && n.memberId === undefined);
  }

  /** The client notes of a group session, one per member at most. */
  async clientNotes(sessionId: Id): Promise<Note[]> {
    return (await this.listBySession(sessionId)).filter((n) => n.memberId !== undefined);
  }

  /**
   * Writes a member's client note for the session, in the template given
   * (replacing the one there was, in whatever template). Find and write share
   * one transaction, so two quick saves cannot make two notes for a member.
   */
  saveClientNote(
    key: { sessionId: Id; memberId: Id; template: NoteTemplateId; noteClass: NoteClass },
    fields: Record<string, string>,
  ): Promise<Note> {
    return this.writing(async () => {
      const existing = (await this.clientNotes(key.sessionId)).find((n) => n.memberId === key.memberId);
      if (existing?.signed) throw new NoteSignedError();
      return this.t.put({
        id: existing?.id ?? crypto.randomUUID(),
        sessionId: key.sessionId,
        memberId: key.memberId,
        template: key.template,
        noteClass: key.noteClass,
        fields: { ...fields },
        updatedAt: this.now(),
      });
    });
  }

  /**
   * Saves the fields a leader changed, each as a new version on top of what
   * the leader had on screen: `shown[field]`, the fieldContext of the text
   * they edited (default: everything the field holds now). A co-leader's
   * version that arrived after that stays beside it, so its text is not
   * lost. Returns the versions to send to the co-leader. Throws as put.
   */
  save(
    key: NoteKey,
    changed: Record<string, string>,
    writer: NoteWriter,
    shown: Record<string, string[]> = {},
  ): Promise<Record<string, FieldVersion>> {
    return this.rewrite(key, (fields, versions, existing) => {
      if (existing?.signed) throw new NoteSignedError();
      const out: Record<string, FieldVersion> = {};
      for (const [field, text] of Object.entries(changed)) {
        const wrote = writeVersion(
          fieldState(versions[field], fields[field]),
          writer.next(),
          writer.author,
          text,
          shown[field],
        );
        fields[field] = fieldText(wrote.state);
        versions[field] = wrote.state;
        out[field] = wrote.version;
      }
      return out;
    });
  }

  /**
   * Merges a co-leader's version of one field. Returns false, writing
   * nothing, when it was already known or already superseded here.
   * Throws as put.
   */
  merge(key: NoteKey, field: string, version: FieldVersion): Promise<boolean> {
    return this.rewrite(key, (fields, versions) => {
      const before = fieldState(versions[field], fields[field]);
      const after = addVersion(before, version);
      if (JSON.stringify(after) === JSON.stringify(before)) return false;
      fields[field] = fieldText(after);
      versions[field] = after;
      return true;
    });
  }

  /**
   * Read, edit and write in one transaction: a local save and a co-leader's
   * version landing at the same moment both end up in the note. `edit`
   * changes the copies it gets; a false result writes nothing.
   */
  private rewrite<T>(
    key: NoteKey,
    edit: (fields: Record<string, string>, versions: NonNullable<Note['versions']>, existing?: Note) => T,
  ): Promise<T> {
    return this.writing(async () => {
      const existing = await this.get(key.sessionId, key.template);
      const fields = { ...existing?.fields };
      const versions = { ...existing?.versions };
      const result = edit(fields, versions, existing);
      if (result === false) return result;
      await this.t.put({
        ...kept(existing),
        id: existing?.id ?? crypto.randomUUID(),
        sessionId: key.sessionId,
        template: key.template,
        noteClass: key.noteClass,
        fields,
        versions,
        updatedAt: this.now(),
      });
      return result;
    });
  }

  /**
   * Saves the draft for its session and template, keeping the existing
   * note's id. Find and write share one transaction so two quick saves
   * cannot create two notes for the same template.
   */
  put(draft: NoteDraft): Promise<Note> {
    return this.writing(async () => {
      const existing = await this.get(draft.sessionId, draft.template);
      if (existing?.signed) throw new NoteSignedError();
      return this.t.put({
        ...kept(existing),
        id: existing?.id ?? crypto.randomUUID(),
        sessionId: draft.sessionId,
        template: draft.template,
        noteClass: draft.noteClass,
        fields: { ...draft.fields },
        ...(draft.versions
          ? { versions: { ...existing?.versions, ...draft.versions } }
          : existing?.versions
            ? { versions: existing.versions }
            : {}),
        updatedAt: this.now(),
      });
    });
  }

  async byId(id: Id): Promise<Note | undefined> {
    return this.t.get(id);
  }

  /**
   * Adds a signature to a note: the first one signs it (it must not be
   * signed yet), later ones are amendments (it must be). `make` builds the
   * signature from the note as stored, inside the transaction, so it signs
   * exactly what is written. Throws when the note is gone or in the wrong state.
   */
  seal(id: Id, make: (n: Note) => { signed: NoteSeal } | { amendment: NoteAmendment }): Promise<Note> {
    return this.writing(async () => {
      const n = await this.t.get(id);
      if (!n) throw new UserError('serviceErrors.noteGone', 'That note no longer exists.');
      const s = make(n);
      if ('signed' in s) {
        if (n.signed) throw new NoteSignedError();
        return this.t.put({ ...n, signed: s.signed, updatedAt: this.now() });
      }
      if (!n.signed)
        throw new UserError(
          'serviceErrors.amendUnsigned',
          'Only a signed note is amended; this one can still be edited.',
        );
      return this.t.put({ ...n, amendments: [...(n.amendments ?? []), s.amendment], updatedAt: this.now() });
    });
  }

  /** One read-write transaction on the notes, refused at once on a full disk (SquircleDb.roomForWrite). */
  private async writing<T>(fn: () => Promise<T>): Promise<T> {
    await this.db.roomForWrite();
    return this.db.transaction('rw', this.db.notes, fn);
  }

  /** Adds a co-signature, built from the note as stored (see seal). Throws when the note is gone or not signed. */
  cosign(id: Id, make: (n: Note) => NoteCosign): Promise<Note> {
    return this.writing(async () => {
      const n = await this.t.get(id);
      if (!n) throw new UserError('serviceErrors.noteGone', 'That note no longer exists.');
      if (!n.signed) throw new UserError('serviceErrors.cosignUnsigned', 'Only a signed note is co-signed.');
      return this.t.put({ ...n, cosigns: [...(n.cosigns ?? []), make(n)], updatedAt: this.now() });
    });
  }

  /**
   * Takes a co-leader's signed record of the session's note (its signatures
   * already checked by the caller): it replaces a draft here, whatever its id;
   * for the same record it adds the amendments that continue this chain and
   * the co-signatures not here yet. A different record (both signed apart)
   * is left alone. Returns whether anything changed.
   */
  mergeRecord(record: Note): Promise<boolean> {
    return this.writing(async () => {
      if (!record.signed || record.memberId !== undefined) return false;
      const here = await this.get(record.sessionId, record.template);
      if (!here?.signed) {
        if (here && here.id !== record.id) await this.db.notes.delete(here.id);
        await this.t.put({ ...record, ...(here?.versions && { versions: here.versions }), updatedAt: this.now() });
        return true;
      }
      if (here.id !== record.id || here.signed.sig !== record.signed.sig) return false;
      const mine = sigs(here);
      const theirs = sigs(record);
      const longer = theirs.length > mine.length && mine.every((s, i) => theirs[i] === s);
      const known = new Set((here.cosigns ?? []).map((c) => c.sig));
      const added = (record.cosigns ?? []).filter((c) => !known.has(c.sig));
      if (!longer && !added.length) return false;
      await this.t.put({
        ...here,
        ...(longer && { amendments: record.amendments }),
        ...(added.length && { cosigns: [...(here.cosigns ?? []), ...added] }),
        updatedAt: this.now(),
      });
      return true;
    });
  }
}
