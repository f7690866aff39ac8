import { describe, expect, it } from 'vitest';
import { amendNote, checkCosigns, cosignNote, signNote } from '../../../crypto/note-signature';
import { newSigningKeyPair } from '../../../crypto/strict';
import type { Note } from '../../../domain/types';

const AT = Date.UTC(2026, 11, 7, 19);
const draft: Note = {
  id: 'n1',
  sessionId: 's1',
  template: 'group-process',
  noteClass: 'process',
  fields: { themes: 'Trust after the absence.' },
  updatedAt: 0,
};
const leader = newSigningKeyPair();
const coLeader = newSigningKeyPair();
const signed: Note = { ...draft, signed: signNote(draft, leader, 'R. Levi, LCSW', AT) };
const cosigned: Note = { ...signed, cosigns: [cosignNote(signed, coLeader, 'M. Osei, PhD', AT + 5)] };
const checks = (n: Note) => checkCosigns(n).map((c) => [c.valid, c.latest]);

describe('co-signatures', () => {
  it('a co-leader co-signs the record as it reads; the co-signature names the signature it vouches for', () => {
    expect(cosigned.cosigns![0]!.on).toBe(signed.signed!.sig);
    expect(checks(cosigned)).toEqual([[true, true]]);
    expect(checkCosigns(signed)).toEqual([]);
  });

  it('a change to what it covers breaks it: the record text, the note, the co-signer, the version named', () => {
    const c = cosigned.cosigns![0]!;
    const cases: Note[] = [
      { ...cosigned, signed: { ...cosigned.signed!, fields: { themes: 'Something else.' } } },
      { ...cosigned, sessionId: 's2' },
      { ...cosigned, id: 'n2' },
      { ...cosigned, cosigns: [{ ...c, name: 'Someone else' }] },
      { ...cosigned, cosigns: [{ ...c, at: c.at + 1 }] },
      { ...cosigned, cosigns: [{ ...c, by: cosigned.signed!.by }] },
      { ...cosigned, cosigns: [{ ...c, on: c.sig }] },
    ];
    for (const n of cases) expect(checkCosigns(n)[0]!.valid).toBe(false);
  });

  it('after an amendment the co-signature still holds, for the earlier version', () => {
    const amended: Note = {
      ...cosigned,
      amendments: [amendNote(cosigned, { themes: 'Trust, and repair.' }, 'Added repair', leader, 'R. Levi', AT + 9)],
    };
    expect(checks(amended)).toEqual([[true, false]]);
    // The co-leader may co-sign the amended record too.
    const again: Note = {
      ...amended,
      cosigns: [...amended.cosigns!, cosignNote(amended, coLeader, 'M. Osei', AT + 10)],
    };
    expect(checks(again)).toEqual([
      [true, false],
      [true, true],
    ]);
  });

  it('refuses a draft, the signer’s own latest version, and a second co-signature of one version', () => {
    expect(() => cosignNote(draft, coLeader, 'M. Osei', AT)).toThrow(/Only a signed note/);
    expect(() => cosignNote(signed, leader, 'R. Levi', AT)).toThrow(/signed this version yourself/);
    expect(() => cosignNote(cosigned, coLeader, 'M. Osei', AT)).toThrow(/co-signed this version already/);
  });
});
