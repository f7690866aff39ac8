import type { Id, Note, NoteClass, NoteTemplateId, OwnerKind } from '../../domain/types';
import type { SessionExport } from '../../domain/markdown';
import type { CosignCheck, SealCheck } from '../../domain/note-signing';
import type { MemberPageApi } from './member-api';
import type { TraineeSupervisionApi } from '../supervision/api';

export interface SessionSummary {
  id: Id;
  ownerKind: OwnerKind;
  ownerId: Id;
  ownerName: string;
  startedAt: number;
  endedAt: number | null;
}

export interface SearchHit {
  sessionId: Id;
  kind: 'note' | 'marker';
  snippet: string;
}

/** What history needs, passed in. Decrypted data stays in memory only. */
export interface HistoryApi {
  sessions(): Promise<SessionSummary[]>;
  /** Live markers per session; slower, so shown once it arrives. */
  markerCounts(): Promise<Map<Id, number>>;
  /** Start preparing search (it decrypts in memory) before the first query. */
  warm(): void;
  search(query: string): Promise<SearchHit[]>;
  detail(sessionId: Id): Promise<SessionExport>;
  exportAllowed: boolean;
  perMemberExportAllowed: boolean;
  openPrint(sessionId: Id, noteClass: 'process' | 'progress'): void;
  /** Each member across sessions, where offered. */
  members?: MemberPageApi;
  /** One progress note per member of a group session, where offered. */
  clientNotes?: ClientNotesApi;
  /** Signing notes and amending signed ones, where offered. */
  signing?: NoteSigningApi;
  /**
   * Calls `cb` when a signature, amendment or co-signature of the session's
   * notes arrives or is made (here, in another page, or over a channel);
   * returns the unsubscribe. Where offered, an open session shows it at once.
   */
  onRecordsChanged?(sessionId: Id, cb: () => void): () => void;
  /** Sharing a session with a supervisor and reading their comments, where offered. */
  supervision?: TraineeSupervisionApi;
}

export interface NoteSigningApi {
  /** Signs the stored note as it reads now, under the name and credentials given. */
  sign(noteId: Id, name: string): Promise<Note>;
  /** Adds a signed amendment: the whole new text and why. */
  amend(noteId: Id, fields: Record<string, string>, reason: string, name: string): Promise<Note>;
  /** Co-signs the signed note as it reads now (a co-leader's, not one's own latest version). */
  cosign(noteId: Id, name: string): Promise<Note>;
  /** Each signature of the note, checked, and whether it was made with this device's key. */
  check(note: Note): Promise<{ seal: SealCheck; mine: boolean }[]>;
  /** Each co-signature of the note, checked, and whether it was made with this device's key. */
  checkCosigns(note: Note): Promise<{ check: CosignCheck; mine: boolean }[]>;
}

export interface ClientNotesApi {
  list(sessionId: Id): Promise<Note[]>;
  save(
    key: { sessionId: Id; memberId: Id; template: NoteTemplateId; noteClass: NoteClass },
    fields: Record<string, string>,
  ): Promise<Note>;
}
