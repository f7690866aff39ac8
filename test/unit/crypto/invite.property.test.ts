// Invites are pasted or scanned by people: decodeInvite returns or throws InviteError, nothing else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InviteError, decodeInvite, encodeInvite, newDeviceIdentity } from '../../../crypto';
import { digest32 } from '../../../crypto/bytes';
import { fromBase64Url, toBase64Url } from '../../../crypto/wire';
import { FUZZ_RUNS, NOW, inviteFrom, outcome } from './channel-fixtures';

describe('decodeInvite on hostile text', () => {
  it('decodes only the original text and throws only InviteError otherwise', () => {
    const text = encodeInvite(inviteFrom(newDeviceIdentity()));
    const head = 'squircle-invite:1:';
    const bytes = fromBase64Url(text.slice(head.length))!;
    const decode = (t: string) =>
      outcome(
        InviteError,
        (e) => e.problem,
        () => decodeInvite(t, NOW),
      );
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_:=+/.';

    const edited = fc
      .tuple(fc.nat(), fc.constantFrom(...alphabet), fc.constantFrom('replace', 'insert', 'delete', 'cut'))
      .map(([at, c, op]) => {
        const i = at % text.length;
        if (op === 'replace') return text.slice(0, i) + c + text.slice(i + 1);
        if (op === 'insert') return text.slice(0, i) + c + text.slice(i);
        if (op === 'delete') return text.slice(0, i) + text.slice(i + 1);
        return text.slice(0, i);
      });
    // Byte changes with the checksum recomputed reach the parser and the signature, like a deliberate forgery.
    const forged = fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, mask]) => {
      const body = bytes.slice(0, -4);
      body[at % body.length]! ^= mask;
      return (
        head + toBase64Url(Uint8Array.from([...body, ...digest32('squircle/invite-checksum/v1', body).subarray(0, 4)]))
      );
    });

    const input = fc.oneof(
      { weight: 30, arbitrary: fc.string({ maxLength: 400 }) },
      { weight: 30, arbitrary: fc.string({ maxLength: 400 }).map((s) => head + s) },
      { weight: 30, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => head + toBase64Url(b)) },
      { weight: 100, arbitrary: edited },
      { weight: 6, arbitrary: forged },
      { weight: 1, arbitrary: fc.constant(text) },
    );
    fc.assert(
      fc.property(input, (t) => {
        if (decode(t) === 'ok') expect(t).toBe(text);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
