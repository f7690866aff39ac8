/**
 * Thoughts with content between co-leaders (sent now, or parked for the
 * debrief). Only the session id is in the clear; text, direction and kind
 * are sealed.
 */
import type { FieldCipher } from '../crypto/types';
import type { BackchannelMessage, Id } from '../domain/types';
import type { MessageRow, SquircleDb } from './db';
import { SealedTable } from './sealed-table';
import { messageSpec } from './tables';

export class MessagesRepo {
  private readonly t: SealedTable<BackchannelMessage, MessageRow>;

  constructor(
    private readonly db: SquircleDb,
    cipher: FieldCipher,
  ) {
    this.t = new SealedTable(db.messages, messageSpec, cipher);
  }

  get(id: Id): Promise<BackchannelMessage | undefined> {
    return this.t.get(id);
  }

  /** Throws FieldOpenError on a stored message that does not open. */
  put(m: BackchannelMessage): Promise<BackchannelMessage> {
    return this.t.put(m);
  }

  async listBySession(sessionId: Id): Promise<BackchannelMessage[]> {
    const rows = await this.db.messages.where('sessionId').equals(sessionId).toArray();
    return this.t.openAll(rows).sort((a, b) => a.createdAt - b.createdAt);
  }
}
