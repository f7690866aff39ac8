// Pairing by invite and spoken code (crypto/pairing-code.ts): the whole
// exchange with the right code, and every way a wrong code, another joiner
// or a forger is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PairingError,
  answerPairing,
  checkJoinConfirm,
  joinAccept,
  joinMessageKind,
  newChannelKey,
  newDeviceIdentity,
  newPairingCode,
  newSigningKeyPair,
  openJoinAccept,
  openJoinChallenge,
  openJoinRequest,
  readJoinConfirm,
  readPairingCode,
  showPairingCode,
  startPairing,
  type DeviceIdentity,
  type PairingProblem,
} from '../../../crypto';
import { JOIN_CHALLENGE_BYTES, JOIN_CONFIRM_BYTES } from '../../../crypto/pairing-code';
import { NOW, inviteFrom, thrown } from './channel-fixtures';
import { toHex } from './support';

const problem = (fn: () => unknown): PairingProblem => thrown(PairingError, fn).problem;
const CODE = '480913';

function setting() {
  const a = newDeviceIdentity();
  const b = newDeviceIdentity();
  const invite = inviteFrom(a);
  return { a, b, invite };
}

/** B asks with `typed`; A answers with the code it showed. */
function ask(typed: string, o = setting()) {
  const pairing = startPairing(o.invite, o.b, typed);
  const answered = answerPairing(o.invite, o.a, openJoinRequest(o.invite, o.a, pairing.request, NOW), CODE);
  return { ...o, pairing, answered };
}

describe('pairing with the spoken code', () => {
  it('with the same code: B checks A’s proof, A checks B’s, and only then B opens the channel key', () => {
    const { a, b, invite, pairing, answered } = ask('480 913');
    expect(answered.challenge).toHaveLength(JOIN_CHALLENGE_BYTES);
    expect(joinMessageKind(answered.challenge)).toBe('challenge');
    const { confirm, pairingKey } = openJoinChallenge(invite, b, pairing, answered.challenge);
    expect(confirm).toHaveLength(JOIN_CONFIRM_BYTES);
    expect(joinMessageKind(confirm)).toBe('confirm');
    expect(readJoinConfirm(invite, confirm).deviceId).toBe(b.deviceId);
    checkJoinConfirm(invite, answered, confirm);
    expect(toHex(pairingKey)).toBe(toHex(answered.pairingKey));
    const channelKey = newChannelKey();
    const accept = joinAccept({ invite, inviter: a, joiner: answered.joiner, channelKey, members: [], pairingKey });
    expect(toHex(openJoinAccept(invite, b, accept, pairingKey).channelKey)).toBe(toHex(channelKey));
  });

  it('with another code: B learns the codes differ from the challenge and never gets a key to confirm with', () => {
    const { b, invite, pairing, answered } = ask('480914');
    expect(problem(() => openJoinChallenge(invite, b, pairing, answered.challenge))).toBe('wrong-code');
  });

  it('refuses a confirm that does not prove the code, or answers another request', () => {
    const { a, b, invite, pairing, answered } = ask(CODE);
    const { confirm } = openJoinChallenge(invite, b, pairing, answered.challenge);
    const guessed = confirm.slice();
    guessed.set(new Uint8Array(32).fill(1), confirm.length - 32);
    expect(problem(() => checkJoinConfirm(invite, answered, guessed))).toBe('wrong-code');
    // B's honest confirm, held against the pairing of another device's request to the same invite.
    const other = ask(CODE, { a, invite, b: newDeviceIdentity() });
    expect(problem(() => checkJoinConfirm(invite, other.answered, confirm))).toBe('wrong-recipient');
  });

  it('an accept sealed for the right code opens with no other pairing key, not even with B’s own keys', () => {
    const { a, b, invite, pairing, answered } = ask(CODE);
    const { pairingKey } = openJoinChallenge(invite, b, pairing, answered.challenge);
    const accept = joinAccept({
      invite,
      inviter: a,
      joiner: answered.joiner,
      channelKey: newChannelKey(),
      members: [],
      pairingKey,
    });
    const wrong = pairingKey.slice();
    wrong[0]! ^= 1;
    expect(problem(() => openJoinAccept(invite, b, accept, wrong))).toBe('tampered');
  });

  it('B takes a challenge only for itself and its request, signed by the inviter of the invite', () => {
    const { a, b, invite, pairing, answered } = ask(CODE);
    const c = newDeviceIdentity();
    expect(problem(() => openJoinChallenge(invite, c, startPairing(invite, c, CODE), answered.challenge))).toBe(
      'wrong-recipient',
    );
    // A challenge for an earlier request of B's (another share).
    expect(problem(() => openJoinChallenge(invite, b, startPairing(invite, b, CODE), answered.challenge))).toBe(
      'bad-signature',
    );
    const forger: DeviceIdentity = { ...a, signing: newSigningKeyPair() };
    const forged = answerPairing(invite, forger, openJoinRequest(invite, a, pairing.request, NOW), CODE);
    expect(problem(() => openJoinChallenge(invite, b, pairing, forged.challenge))).toBe('bad-signature');
    expect(problem(() => openJoinChallenge(inviteFrom(a), b, pairing, answered.challenge))).toBe('wrong-invite');
  });

  it('refuses a code that is not six digits before any work', () => {
    const { b, invite } = setting();
    for (const typed of ['', '12345', '1234567', 'abcdef', '12 34 5'])
      expect(problem(() => startPairing(invite, b, typed))).toBe('wrong-code');
  });
});

describe('pairing codes', () => {
  it('are six digits, read back with spaces or dashes, and spread over every digit', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const code = newPairingCode();
      expect(code).toMatch(/^[0-9]{6}$/);
      expect(readPairingCode(showPairingCode(code))).toBe(code);
      expect(readPairingCode(`${code.slice(0, 3)}-${code.slice(3)}`)).toBe(code);
      for (const [i, d] of [...code].entries()) seen.add(`${i}:${d}`);
    }
    expect(seen.size).toBe(60);
  });

  it('reads only six digits from any text (10,000 cases)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (text) => {
        const code = readPairingCode(text);
        if (code !== undefined) {
          expect(code).toMatch(/^[0-9]{6}$/);
          expect(text.replace(/[\s-]/g, '')).toBe(code);
        }
      }),
      { numRuns: 10_000 },
    );
    expect(readPairingCode(42)).toBeUndefined();
  });
});
