import type { FieldCipher } from '../crypto/types';
import type { SquircleDb } from './db';

/** A leader's own prompt: sealed, since it may name someone. */
export interface OwnPrompt {
  id: string;
  theme: string;
  text: string;
}

const ID = 'prompts';
const CTX = { table: 'scratch', id: ID, v: 1 } as const;

/**
 * The leader's own prompts, one sealed list kept beside the scratch note
 * (so backups carry it). Throws FieldOpenError if the stored list was changed.
 */
export class PromptsRepo {
  constructor(
    private readonly db: SquircleDb,
    private readonly cipher: FieldCipher,
  ) {}

  async list(): Promise<OwnPrompt[]> {
    const row = await this.db.scratch.get(ID);
    return row ? (JSON.parse(this.cipher.open(row.body, CTX)) as OwnPrompt[]) : [];
  }

  async add(theme: string, text: string): Promise<OwnPrompt[]> {
    return this.write([...(await this.list()), { id: crypto.randomUUID(), theme, text: text.trim().slice(0, 300) }]);
  }

  async remove(id: string): Promise<OwnPrompt[]> {
    return this.write((await this.list()).filter((p) => p.id !== id));
  }

  private async write(next: OwnPrompt[]): Promise<OwnPrompt[]> {
    await this.db.scratch.put({
      id: ID,
      v: 1,
      updatedAt: Date.now(),
      body: this.cipher.seal(JSON.stringify(next), CTX),
    });
    return next;
  }
}
