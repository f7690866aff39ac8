// Join messages arrive on a topic anyone with the invite can write to:
// the openers return or throw PairingError, nothing else.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  PairingError,
  joinAccept,
  joinRequest,
  newChannelKey,
  newDeviceIdentity,
  openJoinAccept,
  openJoinRequest,
  publicIdentity,
} from '../../../crypto';
import { FUZZ_RUNS, NOW, expectOpens, hostile, inviteFrom, outcome } from './channel-fixtures';

describe('join messages on hostile bytes', () => {
  // Made inside each test, so each test's coverage includes the fixture's work (npm run mutate).
  const made = () => {
    const a = newDeviceIdentity();
    const b = newDeviceIdentity();
    const invite = inviteFrom(a);
    const request = joinRequest(invite, b);
    const accept = joinAccept({
      invite,
      inviter: a,
      joiner: publicIdentity(b),
      channelKey: newChannelKey(),
      members: [],
    });
    return { a, b, invite, request, accept };
  };

  it('openJoinRequest opens only the untouched request and throws only PairingError otherwise', () => {
    const { a, invite, request } = made();
    const open = (x: Uint8Array) =>
      outcome(
        PairingError,
        (e) => e.problem,
        () => openJoinRequest(invite, a, x, NOW),
      );
    fc.assert(
      fc.property(hostile(request, 10), ({ bytes, untouched }) => expectOpens(open(bytes), untouched)),
      { numRuns: FUZZ_RUNS },
    );
  });

  // Each accept that passes its header costs an X25519 (about 1 ms in tweetnacl), hence fewer runs.
  it('openJoinAccept opens only the untouched accept and throws only PairingError otherwise', () => {
    const { b, invite, accept } = made();
    const open = (x: Uint8Array) =>
      outcome(
        PairingError,
        (e) => e.problem,
        () => openJoinAccept(invite, b, x),
      );
    fc.assert(
      fc.property(hostile(accept, 26), ({ bytes, untouched }) => expectOpens(open(bytes), untouched)),
      { numRuns: 3_000 },
    );
  });
});
