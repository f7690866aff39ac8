import type { FieldCipher } from '../crypto/types';
import type { NoteCosign } from '../domain/note-signing';
import type { SharedPractice, SharedSession, SupervisionComment } from '../domain/supervision';
import type { SquircleDb } from './db';

/**
 * One shared session, or one shared practice debrief (sessionId is then
 * practiceShareKey of its id), on one supervision channel, as either side keeps it.
 */
export interface SupervisionRecord {
  channelId: string;
  sessionId: string;
  /** On the supervisor: the session as last shared, with the co-signatures given since. */
  share?: SharedSession;
  /** On the supervisor: the practice debrief as last shared. Never a clinical record. */
  practice?: SharedPractice;
  /** On the supervisor, the comments it wrote; on the trainee, those received. */
  comments: SupervisionComment[];
  /** On the trainee: when it last shared the session. */
  sharedAt?: number;
}

const PREFIX = 'supervision:';
const idOf = (channelId: string, sessionId: string) => `${PREFIX}${channelId}:${sessionId}`;
const ctx = (id: string) => ({ table: 'scratch', id, v: 1 }) as const;

/**
 * What supervision keeps, one sealed row per channel and session in the
 * scratch table (so backups carry it, and no schema changes for it).
 * Throws FieldOpenError on a row that was changed.
 */
export class SupervisionRepo {
  constructor(
    private readonly db: SquircleDb,
    private readonly cipher: FieldCipher,
    private readonly now: () => number = Date.now,
  ) {}

  async get(channelId: string, sessionId: string): Promise<SupervisionRecord | undefined> {
    const id = idOf(channelId, sessionId);
    const row = await this.db.scratch.get(id);
    return row ? (JSON.parse(this.cipher.open(row.body, ctx(id))) as SupervisionRecord) : undefined;
  }

  async list(): Promise<SupervisionRecord[]> {
    const rows = await this.db.scratch.where(':id').startsWith(PREFIX).toArray();
    return rows.map((r) => JSON.parse(this.cipher.open(r.body, ctx(r.id))) as SupervisionRecord);
  }

  /** Every record of a session, across channels (a trainee with two supervisors). */
  async forSession(sessionId: string): Promise<SupervisionRecord[]> {
    return (await this.list()).filter((r) => r.sessionId === sessionId);
  }

  /** Changes one record in a transaction; `change` gets the stored record or an empty one. */
  update(
    channelId: string,
    sessionId: string,
    change: (r: SupervisionRecord) => SupervisionRecord | undefined,
  ): Promise<SupervisionRecord | undefined> {
    return this.db.transaction('rw', this.db.scratch, async () => {
      const had = (await this.get(channelId, sessionId)) ?? { channelId, sessionId, comments: [] };
      const next = change(had);
      if (!next) return undefined;
      const id = idOf(channelId, sessionId);
      await this.db.scratch.put({
        id,
        v: 1,
        updatedAt: this.now(),
        body: this.cipher.seal(JSON.stringify(next), ctx(id)),
      });
      return next;
    });
  }

  /** Adds a comment unless one with its id is there; returns whether it was added. */
  async addComment(channelId: string, c: SupervisionComment): Promise<boolean> {
    const done = await this.update(channelId, c.sessionId, (r) =>
      r.comments.some((x) => x.id === c.id) ? undefined : { ...r, comments: [...r.comments, c] },
    );
    return !!done;
  }

  /** On the supervisor: a co-signature it gave, kept on the shared note. */
  async addCosign(channelId: string, sessionId: string, noteId: string, c: NoteCosign): Promise<void> {
    await this.update(channelId, sessionId, (r) =>
      r.share
        ? {
            ...r,
            share: {
              ...r.share,
              notes: r.share.notes.map((n) => (n.id === noteId ? { ...n, cosigns: [...(n.cosigns ?? []), c] } : n)),
            },
          }
        : undefined,
    );
  }
}
