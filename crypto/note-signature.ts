/**
 * Signatures over notes (domain/note-signing.ts). Each covers the note's
 * identity (id, session, member, template), the text it vouches for, who
 * and when, and an amendment's reason and the signature before it; a row
 * changed afterwards no longer verifies. A co-signature covers the same
 * identity, the text of the record it vouches for and that record's latest
 * signature.
 */
import {
  recordFields,
  type CosignCheck,
  type NoteAmendment,
  type NoteCosign,
  type NoteSeal,
  type SealCheck,
  type SignedParts,
} from '../domain/note-signing';
import type { Note } from '../domain/types';
import { fromBase64, toBase64, utf8Encode } from './encoding';
import { signDetached, signingPublicKeyFrom, verifyStrict } from './strict';
import type { SigningKeyPair } from './types';
import { UserError } from '../util/user-error';

type NoteIdentity = Pick<Note, 'id' | 'sessionId' | 'memberId' | 'template'>;

/** The bytes a signature covers; `previous` chains an amendment to the signature before it. */
function message(
  note: NoteIdentity,
  kind: SealCheck['kind'],
  s: Omit<NoteSeal, 'sig'> & { reason?: string },
  previous: string | null,
): Uint8Array {
  const fields = Object.keys(s.fields)
    .sort()
    .map((k) => [k, s.fields[k]]);
  return utf8Encode(
    JSON.stringify([
      'squircle-note-signature/1',
      kind,
      note.id,
      note.sessionId,
      note.memberId ?? null,
      note.template,
      fields,
      s.at,
      s.by,
      s.name,
      s.reason ?? null,
      previous,
    ]),
  );
}

const lastSig = (n: SignedParts): string | null => n.amendments?.at(-1)?.sig ?? n.signed?.sig ?? null;

/** Signs the note as it reads now; throws when it is already signed (amend it instead). */
export function signNote(note: Note & SignedParts, key: SigningKeyPair, name: string, at: number): NoteSeal {
  if (note.signed)
    throw new UserError('serviceErrors.alreadySigned', 'This note is already signed; add an amendment instead.');
  const base = { at, by: toBase64(key.publicKey), name, fields: { ...note.fields } };
  return { ...base, sig: toBase64(signDetached(message(note, 'original', base, null), key.secretKey)) };
}

/** An amendment to a signed note: the whole new text and why. */
export function amendNote(
  note: Note & SignedParts,
  fields: Record<string, string>,
  reason: string,
  key: SigningKeyPair,
  name: string,
  at: number,
): NoteAmendment {
  if (!note.signed)
    throw new UserError('serviceErrors.amendUnsigned', 'Only a signed note is amended; this one can still be edited.');
  const why = reason.trim();
  if (!why)
    throw new UserError('serviceErrors.amendWhy', 'Say why the note is amended: the reason stays with the record.');
  const base = { at, by: toBase64(key.publicKey), name, fields: { ...fields }, reason: why };
  return { ...base, sig: toBase64(signDetached(message(note, 'amendment', base, lastSig(note)), key.secretKey)) };
}

/** Every signature of the note in order, each checked against the key it names. */
export function checkSeals(note: Note & SignedParts): SealCheck[] {
  if (!note.signed) return [];
  const verify = (kind: SealCheck['kind'], s: NoteSeal & { reason?: string }, previous: string | null) => {
    try {
      return verifyStrict(message(note, kind, s, previous), fromBase64(s.sig), signingPublicKeyFrom(fromBase64(s.by)));
    } catch {
      return false;
    }
  };
  const out: SealCheck[] = [{ kind: 'original', seal: note.signed, valid: verify('original', note.signed, null) }];
  let previous = note.signed.sig;
  for (const a of note.amendments ?? []) {
    out.push({ kind: 'amendment', seal: a, valid: verify('amendment', a, previous) });
    previous = a.sig;
  }
  return out;
}

type CosignBase = Omit<NoteCosign, 'sig'>;

function cosignMessage(note: NoteIdentity, fields: Record<string, string>, c: CosignBase): Uint8Array {
  const sorted = Object.keys(fields)
    .sort()
    .map((k) => [k, fields[k]]);
  return utf8Encode(
    JSON.stringify([
      'squircle-note-cosignature/1',
      note.id,
      note.sessionId,
      note.memberId ?? null,
      note.template,
      sorted,
      c.on,
      c.at,
      c.by,
      c.name,
    ]),
  );
}

/** The record's seals, oldest first: the original, then each amendment. */
const chain = (n: SignedParts): NoteSeal[] => (n.signed ? [n.signed, ...(n.amendments ?? [])] : []);

/**
 * A co-signature of the record as it reads now (its latest signature and
 * text). Throws when the note is not signed, or this key signed its latest
 * version or co-signed it already.
 */
export function cosignNote(note: Note & SignedParts, key: SigningKeyPair, name: string, at: number): NoteCosign {
  const on = lastSig(note);
  if (!on) throw new UserError('serviceErrors.cosignUnsigned', 'Only a signed note is co-signed.');
  const by = toBase64(key.publicKey);
  if (chain(note).at(-1)!.by === by)
    throw new UserError('serviceErrors.cosignOwn', 'You signed this version yourself; a co-leader co-signs it.');
  if (note.cosigns?.some((c) => c.by === by && c.on === on))
    throw new UserError('serviceErrors.cosignedAlready', 'You co-signed this version already.');
  const base: CosignBase = { at, by, name, on };
  return { ...base, sig: toBase64(signDetached(cosignMessage(note, recordFields(note), base), key.secretKey)) };
}

/**
 * Every co-signature of the note, checked against the key it names and the
 * version it names; one naming a signature the record does not hold does
 * not verify.
 */
export function checkCosigns(note: Note & SignedParts): CosignCheck[] {
  const seals = chain(note);
  const latest = lastSig(note);
  return (note.cosigns ?? []).map((c) => {
    const on = seals.find((s) => s.sig === c.on);
    let valid = false;
    try {
      valid =
        !!on &&
        verifyStrict(cosignMessage(note, on.fields, c), fromBase64(c.sig), signingPublicKeyFrom(fromBase64(c.by)));
    } catch {
      valid = false;
    }
    return { cosign: c, valid, latest: c.on === latest };
  });
}
