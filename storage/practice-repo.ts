import type { FieldCipher } from '../crypto/types';
import type { PracticeDebrief } from '../domain/practice';
import type { PairDebrief } from '../domain/rehearsal';

/** A solo run's debrief, or a pair rehearsal's joint one. */
export type KeptDebrief = PracticeDebrief | PairDebrief;
import type { SquircleDb } from './db';

const ID = 'practice';
const CTX = { table: 'scratch', id: ID, v: 1 } as const;
/** Older debriefs beyond this many are dropped: practice history, not a record. */
export const KEEP_DEBRIEFS = 50;

/**
 * Practice debriefs (solo and pair), one sealed list kept beside the scratch note: in the
 * vault and its backups, apart from the clinical tables (sessions, markers,
 * notes), so no history view, export or retention rule ever reads them.
 * Throws FieldOpenError if the stored list was changed.
 */
export class PracticeRepo {
  constructor(
    private readonly db: SquircleDb,
    private readonly cipher: FieldCipher,
  ) {}

  /** Newest first. */
  async list(): Promise<KeptDebrief[]> {
    const row = await this.db.scratch.get(ID);
    return row ? (JSON.parse(this.cipher.open(row.body, CTX)) as KeptDebrief[]) : [];
  }

  /** Keeps `d`, replacing an earlier debrief of the same run. */
  async save(d: KeptDebrief): Promise<KeptDebrief[]> {
    const rest = (await this.list()).filter((x) => x.id !== d.id);
    return this.write([d, ...rest].sort((a, b) => b.startedAt - a.startedAt).slice(0, KEEP_DEBRIEFS));
  }

  async remove(id: string): Promise<KeptDebrief[]> {
    return this.write((await this.list()).filter((x) => x.id !== id));
  }

  private async write(next: KeptDebrief[]): Promise<KeptDebrief[]> {
    await this.db.scratch.put({
      id: ID,
      v: 1,
      updatedAt: Date.now(),
      body: this.cipher.seal(JSON.stringify(next), CTX),
    });
    return next;
  }
}
