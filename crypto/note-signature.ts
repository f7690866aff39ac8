/**
 * Signatures over notes (domain/note-signing.ts). Each covers the note's
 * identity (id, session, member, template), the text it vouches for, who
 * and when, and an amendment's reason and the signature before it; a row
 * changed afterwards no longer verifies.
 */
import type { NoteAmendment, NoteSeal, SealCheck, SignedParts } from '../domain/note-signing';
import type { Note } from '../domain/types';
import { fromBase64, toBase64, utf8Encode } from './encoding';
import { signDetached, signingPublicKeyFrom, verifyStrict } from './strict';
import type { SigningKeyPair } from './types';

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
  if (note.signed) throw new Error('This note is already signed; add an amendment instead.');
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
  if (!note.signed) throw new Error('Only a signed note is amended; this one can still be edited.');
  const why = reason.trim();
  if (!why) throw new Error('Say why the note is amended: the reason stays with the record.');
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
