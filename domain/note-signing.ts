/**
 * Signed notes: a leader signs a finished note with their device's Ed25519
 * identity key; from then on the note is a record, read-only. A change is an
 * amendment: a reason, the whole new text, a time and its own signature,
 * chained to the signature before it, shown with the original. A co-leader
 * may co-sign the record as it stands. The
 * signatures themselves are made and checked in crypto/note-signature.ts.
 */
import type { Note } from './types';

export interface NoteSeal {
  at: number;
  /** The signer's Ed25519 public key, base64. */
  by: string;
  /** The signer as they name themselves, e.g. "Dr. R. Levi". */
  name: string;
  /** Ed25519 signature, base64. */
  sig: string;
  /** The text vouched for, by field id. */
  fields: Record<string, string>;
}

export interface NoteAmendment extends NoteSeal {
  reason: string;
}

/**
 * A co-leader's co-signature: they vouch for the record as it read when they
 * signed, named by its latest signature (`on`).
 */
export interface NoteCosign {
  at: number;
  /** The co-signer's Ed25519 public key, base64. */
  by: string;
  name: string;
  /** The signature of the original or amendment co-signed. */
  on: string;
  sig: string;
}

export interface SignedParts {
  signed?: NoteSeal;
  amendments?: NoteAmendment[];
  cosigns?: NoteCosign[];
}

/** A co-signature, checked: `latest` when it vouches for the record as it reads now, not an earlier version. */
export interface CosignCheck {
  cosign: NoteCosign;
  valid: boolean;
  latest: boolean;
}

/** One line of the record: the original or an amendment, and whether its signature holds. */
export interface SealCheck {
  kind: 'original' | 'amendment';
  seal: NoteSeal | NoteAmendment;
  valid: boolean;
}

/** The text the record stands on: the latest amendment's, else the signed original's, else the draft's. */
export function recordFields(note: Note & SignedParts): Record<string, string> {
  return note.amendments?.at(-1)?.fields ?? note.signed?.fields ?? note.fields;
}
