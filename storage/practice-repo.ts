import type { FieldCipher } from '../crypto/types';
import type { PracticeDebrief } from '../domain/practice';
import type { PairDebrief } from '../domain/rehearsal';

/** A solo run's debrief, or a pair rehearsal's joint one. */
export type KeptDebrief = PracticeDebrief | PairDebrief;
import type { SquircleDb } from './db';
import { ScratchList } from './scratch-list';

const ID = 'practice';
/** Older debriefs beyond this many are dropped: practice history, not a record. */
export const KEEP_DEBRIEFS = 50;

/**
 * Practice debriefs (solo and pair), one sealed list kept beside the scratch note: in the
 * vault and its backups, apart from the clinical tables (sessions, markers,
 * notes), so no history view, export or retention rule ever reads them.
 * Throws FieldOpenError if the stored list was changed.
 */
export class PracticeRepo {
  private readonly rows: ScratchList<KeptDebrief>;

  constructor(db: SquircleDb, cipher: FieldCipher) {
    this.rows = new ScratchList(db, cipher, ID);
  }

  /** Newest first. */
  async list(): Promise<KeptDebrief[]> {
    return this.rows.read();
  }

  /** Keeps `d`, replacing an earlier debrief of the same run. */
  async save(d: KeptDebrief): Promise<KeptDebrief[]> {
    const rest = (await this.list()).filter((x) => x.id !== d.id);
    return this.rows.write([d, ...rest].sort((a, b) => b.startedAt - a.startedAt).slice(0, KEEP_DEBRIEFS));
  }

  async remove(id: string): Promise<KeptDebrief[]> {
    return this.rows.write((await this.list()).filter((x) => x.id !== id));
  }
}
