import type { FieldCipher } from '../crypto/types';
import type { SquircleDb } from './db';
import { ScratchList } from './scratch-list';

/** A leader's own prompt: sealed, since it may name someone. */
export interface OwnPrompt {
  id: string;
  theme: string;
  text: string;
}

const ID = 'prompts';

/**
 * The leader's own prompts, one sealed list kept beside the scratch note
 * (so backups carry it). Throws FieldOpenError if the stored list was changed.
 */
export class PromptsRepo {
  private readonly rows: ScratchList<OwnPrompt>;

  constructor(db: SquircleDb, cipher: FieldCipher) {
    this.rows = new ScratchList(db, cipher, ID);
  }

  async list(): Promise<OwnPrompt[]> {
    return this.rows.read();
  }

  async add(theme: string, text: string): Promise<OwnPrompt[]> {
    return this.rows.write([
      ...(await this.list()),
      { id: crypto.randomUUID(), theme, text: text.trim().slice(0, 300) },
    ]);
  }

  async remove(id: string): Promise<OwnPrompt[]> {
    return this.rows.write((await this.list()).filter((p) => p.id !== id));
  }
}
