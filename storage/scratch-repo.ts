import type { FieldCipher } from '../crypto/types';
import type { SquircleDb } from './db';

const TABLE = 'scratch';
const ID = 'scratch';
const V = 1;

/** The one scratch note: a single sealed text field. */
export class ScratchRepo {
  constructor(
    private readonly db: SquircleDb,
    private readonly cipher: FieldCipher,
  ) {}

  /** Throws FieldOpenError if the stored note was tampered with. */
  async load(): Promise<string> {
    const row = await this.db.scratch.get(ID);
    if (!row) return '';
    return this.cipher.open(row.body, { table: TABLE, id: ID, v: row.v });
  }

  async save(text: string): Promise<void> {
    await this.db.roomForWrite();
    const body = this.cipher.seal(text, { table: TABLE, id: ID, v: V });
    await this.db.scratch.put({ id: ID, v: V, updatedAt: Date.now(), body });
  }
}
