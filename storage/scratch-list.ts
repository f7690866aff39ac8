import type { FieldCipher } from '../crypto/types';
import type { SquircleDb } from './db';

/**
 * A list kept as one sealed row of the scratch table, beside the scratch
 * note (so backups carry it), under its own id: the leader's own prompts,
 * the practice debriefs. Reading throws FieldOpenError if the stored list
 * was changed.
 */
export class ScratchList<T> {
  private readonly ctx: { table: 'scratch'; id: string; v: 1 };

  constructor(
    private readonly db: SquircleDb,
    private readonly cipher: FieldCipher,
    readonly id: string,
  ) {
    this.ctx = { table: 'scratch', id, v: 1 };
  }

  async read(): Promise<T[]> {
    const row = await this.db.scratch.get(this.id);
    return row ? (JSON.parse(this.cipher.open(row.body, this.ctx)) as T[]) : [];
  }

  /** Replaces the whole list; returns it. */
  async write(next: T[]): Promise<T[]> {
    await this.db.scratch.put({
      id: this.id,
      v: 1,
      updatedAt: Date.now(),
      body: this.cipher.seal(JSON.stringify(next), this.ctx),
    });
    return next;
  }
}
