import { browser } from 'wxt/browser';
import type { FieldCipher } from '../../crypto/types';
import type { SquircleDb } from '../../storage/db';

/**
 * The integrity ledger's seq (storage/ledger.ts), copied outside IndexedDB
 * into storage.local, which the browser keeps in another folder of the
 * profile. A database put back from an older copy has a lower seq than this
 * mark. The mark carries a keyed tag, so a mark from another vault, or one
 * edited on disk, is not taken for this vault's. Putting back an older copy
 * of both folders together cannot be told from the real thing
 * (docs/SECURITY.md).
 */
const KEY = 'ledgerMark';

interface Mark {
  seq: number;
  tag: string;
}

const tagOf = (cipher: FieldCipher, seq: number) => cipher.tag('ledger.mark', String(seq));

/** The mark for this vault, or undefined when there is none (or it is not this vault's). */
export async function readLedgerMark(cipher: FieldCipher): Promise<number | undefined> {
  const got = (await browser.storage.local.get(KEY))[KEY] as Partial<Mark> | undefined;
  if (!got || !Number.isInteger(got.seq) || typeof got.tag !== 'string') return undefined;
  return got.tag === tagOf(cipher, got.seq!) ? got.seq : undefined;
}

/** Raises the mark to `seq` (never lowers this vault's). */
export async function writeLedgerMark(cipher: FieldCipher, seq: number): Promise<void> {
  const now = await readLedgerMark(cipher);
  if (now !== undefined && now >= seq) return;
  await browser.storage.local.set({ [KEY]: { seq, tag: tagOf(cipher, seq) } satisfies Mark });
}

/**
 * Every write to `db` is counted in the integrity ledger under `cipher`, and
 * its seq copied into the mark once committed; undefined detaches (locked).
 * Every page and the background attach the cipher they write with.
 */
export function attachLedger(db: SquircleDb, cipher: FieldCipher | undefined): void {
  db.integrity.cipher = cipher;
  db.integrity.committed = cipher && ((seq) => void writeLedgerMark(cipher, seq).catch(() => {}));
}
