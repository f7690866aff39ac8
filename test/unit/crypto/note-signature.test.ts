import { describe, expect, it } from 'vitest';
import { amendNote, checkSeals, signNote } from '../../../crypto/note-signature';
import { newSigningKeyPair } from '../../../crypto/strict';
import { recordFields } from '../../../domain/note-signing';
import type { Note } from '../../../domain/types';

const AT = Date.UTC(2026, 11, 7, 19);
const draft: Note = {
  id: 'n1',
  sessionId: 's1',
  memberId: 'ana',
  template: 'soap',
  noteClass: 'progress',
  fields: { objective: 'Joined 7 min late.', plan: 'Call on Monday.' },
  updatedAt: 0,
};
const key = newSigningKeyPair();
const signed: Note = { ...draft, signed: signNote(draft, key, 'R. Levi, LCSW', AT) };
const amended: Note = {
  ...signed,
  amendments: [amendNote(signed, { ...draft.fields, plan: 'Call on Tuesday.' }, 'Wrong day', key, 'R. Levi', AT + 1)],
};
const valid = (n: Note) => checkSeals(n).map((c) => c.valid);

describe('note signatures', () => {
  it('a signed and amended note verifies; the record reads the amendment', () => {
    expect(valid(amended)).toEqual([true, true]);
    expect(recordFields(amended).plan).toBe('Call on Tuesday.');
    expect(recordFields(signed).plan).toBe('Call on Monday.');
    expect(recordFields(draft)).toBe(draft.fields);
    expect(checkSeals(draft)).toEqual([]);
  });

  it('a change anywhere a signature covers breaks it', () => {
    const cases: [string, Note][] = [
      ['text', { ...amended, signed: { ...amended.signed!, fields: { ...draft.fields, plan: 'Never.' } } }],
      ['time', { ...amended, signed: { ...amended.signed!, at: AT - 60_000 } }],
      ['name', { ...amended, signed: { ...amended.signed!, name: 'Someone else' } }],
      ['member', { ...amended, memberId: 'ben' }],
      ['session', { ...amended, sessionId: 's2' }],
      ['template', { ...amended, template: 'dap' }],
    ];
    for (const [what, n] of cases) expect(valid(n)[0], what).toBe(false);
    const reason = { ...amended, amendments: [{ ...amended.amendments![0]!, reason: 'Because' }] };
    expect(valid(reason)).toEqual([true, false]);
  });

  it('amendments are chained: one removed, reordered or moved to another note no longer verifies', () => {
    const second = amendNote(amended, { plan: 'Call Wednesday.' }, 'Changed again', key, 'R. Levi', AT + 2);
    const both: Note = { ...amended, amendments: [...amended.amendments!, second] };
    expect(valid(both)).toEqual([true, true, true]);
    expect(valid({ ...both, amendments: [second] })).toEqual([true, false]);
    expect(valid({ ...both, amendments: [second, amended.amendments![0]!] })).toEqual([true, false, false]);
  });

  it("another key's signature in place of the signer's does not verify", () => {
    const other = newSigningKeyPair();
    const forged = signNote(draft, other, 'R. Levi, LCSW', AT);
    expect(valid({ ...signed, signed: { ...forged, by: signed.signed!.by } })).toEqual([false]);
    expect(valid({ ...signed, signed: { ...signed.signed!, sig: 'not base64!' } })).toEqual([false]);
  });

  it('refuses to sign twice, to amend an unsigned note, or an amendment without a reason', () => {
    expect(() => signNote(signed, key, 'x', AT)).toThrow(/already signed/);
    expect(() => amendNote(draft, {}, 'why', key, 'x', AT)).toThrow(/Only a signed note/);
    expect(() => amendNote(signed, {}, '  ', key, 'x', AT)).toThrow(/Say why/);
  });
});
