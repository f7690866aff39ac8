/**
 * Session notes, one draft per session and template. Only the session id is
 * in the clear: even which template was used (a process note exists) is
 * sealed, so finding a draft opens the session's few notes.
 */
import type { FieldCipher } from '../crypto/types';
import type { Id, Note, NoteClass, NoteTemplateId } from '../domain/types';
import type { NoteRow, SquircleDb } from './db';
import { SealedTable } from './sealed-table';
import { noteSpec } from './tables';

export interface NoteDraft {
  sessionId: Id;
  template: NoteTemplateId;
  noteClass: NoteClass;
  fields: Record<string, string>;
  versions?: Note['versions'];
}

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

  async get(sessionId: Id, template: NoteTemplateId): Promise<Note | undefined> {
    return (await this.listBySession(sessionId)).find((n) => n.template === template);
  }

  /** Writes the whole record as given: a co-leader's copy, already merged. */
  upsert(e: Note): Promise<Note> {
    return this.t.put(e);
  }

  /**
   * Saves the draft for its session and template, keeping the existing
   * note's id. Find and write share one transaction so two quick saves
   * cannot create two notes for the same template.
   */
  put(draft: NoteDraft): Promise<Note> {
    return this.db.transaction('rw', this.db.notes, async () => {
      const existing = await this.get(draft.sessionId, draft.template);
      return this.t.put({
        id: existing?.id ?? crypto.randomUUID(),
        sessionId: draft.sessionId,
        template: draft.template,
        noteClass: draft.noteClass,
        fields: { ...draft.fields },
        ...(draft.versions ? { versions: { ...existing?.versions, ...draft.versions } } : existing?.versions ? { versions: existing.versions } : {}),
        updatedAt: this.now(),
      });
    });
  }
}
