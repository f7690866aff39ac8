// Join messages arrive on a topic anyone with the invite can write to:
// the openers return or throw PairingError, nothing else.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  PairingError,
  answerPairing,
  checkJoinConfirm,
  joinAccept,
  newChannelKey,
  newDeviceIdentity,
  openJoinAccept,
  openJoinChallenge,
  openJoinRequest,
  publicIdentity,
  startPairing,
} from '../../../crypto';
import { FUZZ_RUNS, NOW, expectOpens, hostile, inviteFrom, outcome } from './channel-fixtures';

const CODE = '204817';

describe('join messages on hostile bytes', () => {
  // Made inside each test, so each test's coverage includes the fixture's work (npm run mutate).
  const made = () => {
    const a = newDeviceIdentity();
    const b = newDeviceIdentity();
    const invite = inviteFrom(a);
    const pairing = startPairing(invite, b, CODE);
    const answered = answerPairing(invite, a, openJoinRequest(invite, a, pairing.request, NOW), CODE);
    const { confirm, pairingKey } = openJoinChallenge(invite, b, pairing, answered.challenge);
    const accept = joinAccept({
      invite,
      inviter: a,
      joiner: publicIdentity(b),
      channelKey: newChannelKey(),
      members: [],
      pairingKey,
    });
    return { a, b, invite, pairing, answered, confirm, pairingKey, accept };
  };
  const open = (fn: () => unknown) =>
    outcome(
      PairingError,
      (e) => e.problem,
      () => fn(),
    );

  it('openJoinRequest opens only the untouched request and throws only PairingError otherwise', () => {
    const { a, invite, pairing } = made();
    fc.assert(
      fc.property(hostile(pairing.request, 10), ({ bytes, untouched }) =>
        expectOpens(
          open(() => openJoinRequest(invite, a, bytes, NOW)),
          untouched,
        ),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  // Each challenge past its header costs an Ed25519 verification in tweetnacl (several ms), hence fewer runs.
  it('openJoinChallenge opens only the untouched challenge and throws only PairingError otherwise', () => {
    const { b, invite, pairing, answered } = made();
    fc.assert(
      fc.property(hostile(answered.challenge, 26), ({ bytes, untouched }) =>
        expectOpens(
          open(() => openJoinChallenge(invite, b, pairing, bytes)),
          untouched,
        ),
      ),
      { numRuns: 500 },
    );
  });

  it('checkJoinConfirm passes only the untouched confirm and throws only PairingError otherwise', () => {
    const { invite, answered, confirm } = made();
    fc.assert(
      fc.property(hostile(confirm, 26), ({ bytes, untouched }) =>
        expectOpens(
          open(() => checkJoinConfirm(invite, answered, bytes)),
          untouched,
        ),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  // Each accept that passes its header costs an X25519 (about 1 ms in tweetnacl), hence fewer runs.
  it('openJoinAccept opens only the untouched accept and throws only PairingError otherwise', () => {
    const { b, invite, accept, pairingKey } = made();
    fc.assert(
      fc.property(hostile(accept, 26), ({ bytes, untouched }) =>
        expectOpens(
          open(() => openJoinAccept(invite, b, bytes, pairingKey)),
          untouched,
        ),
      ),
      { numRuns: 3_000 },
    );
  });
});
