import Dexie, { type Table } from 'dexie';
import type { WrappedVaultKey } from '../crypto/types';

/**
 * A row whose clinical content is one sealed field. Only the id, timestamps
 * and category codes are in the clear: they are what the indexes need.
 */
export interface SealedRow {
  id: string;
  /** Record format version, bound into the sealed field. */
  v: number;
  updatedAt: number;
  body: Uint8Array;
}

export interface VaultRow {
  id: 'vault';
  wrapped: WrappedVaultKey;
  createdAt: number;
}

/** Not secret: how many wrong passphrases in a row, to slow guessing. */
export interface UnlockThrottleRow {
  id: 'throttle';
  failures: number;
  lastFailureAt: number;
}

export type MetaRow = UnlockThrottleRow;

export class SquircleDb extends Dexie {
  vault!: Table<VaultRow, string>;
  meta!: Table<MetaRow, string>;
  scratch!: Table<SealedRow, string>;

  constructor(name = 'squircle') {
    super(name);
    this.version(1).stores({
      vault: 'id',
      meta: 'id',
      scratch: 'id, updatedAt',
    });
  }
}
