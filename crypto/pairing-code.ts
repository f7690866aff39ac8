/**
 * Pairing by invite and spoken code. The inviter's panel shows a six-digit
 * code next to the invite; the inviter says it in the call and the joiner
 * types it. Both run CPace (cpace.ts) on the code, so the invite alone, read
 * from an e-mail or a chat, pairs no one: whoever lacks the code gets a
 * challenge they cannot answer and learns nothing to test guesses offline.
 * The inviter answers at most MAX_PAIRING_TRIES requests per invite, so a
 * guesser has MAX_PAIRING_TRIES chances in a million.
 *
 * CPace inputs: PRS = the code's six ASCII digits; sid = the invite id (16 bytes);
 * CI = framed('squircle/pair/v1', channelId, inviter identity, joiner identity);
 * initiator = joiner (AD = its identity), responder = inviter (AD = its identity).
 * From the ISK, HKDF-SHA-512 (salt = sid) derives three 32-byte keys:
 * the inviter's proof, the joiner's proof and the accept's pairing key.
 *
 * Challenge, version 2 (218 bytes):
 *   header 10 (kind 0x03) [joiner deviceId 16] [inviter share 32] [inviter proof 32]
 *   [inviter's Ed25519 signature 64 over framed('squircle/join-challenge/v2',
 *     inviteId, channelId, inviter identity, joiner identity, joiner share, inviter share, inviter proof)]
 * Confirm, version 2 (90 bytes):
 *   header 10 (kind 0x04) [joiner deviceId 16] [joiner share 32] [joiner proof 32]
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha512 } from '@noble/hashes/sha2.js';
import nacl from 'tweetnacl';
import { concatBytes, constantTimeEqual, framed } from './bytes';
import { PairingError } from './channel-errors';
import { CPACE_SHARE_BYTES, cpaceIsk, cpaceStart, type CpaceStart } from './cpace';
import { utf8Encode } from './encoding';
import { identityBytes, keysOf, publicIdentity } from './identity';
import {
  JOIN_HEADER_BYTES,
  KIND_CHALLENGE,
  KIND_CONFIRM,
  inviteIds,
  joinHeader,
  joinRequest,
  openHeader,
  type OpenedJoinRequest,
} from './pairing';
import { signDetached, verifyStrict } from './strict';
import type { DeviceIdentity, Invite, PublicIdentity } from './types';
import { toHex } from './wire';

export const PAIRING_CODE_DIGITS = 6;
/** Requests the inviter answers per invite; then the invite is spent. */
export const MAX_PAIRING_TRIES = 3;
const KEY_BYTES = 32;
const SIG_BYTES = 64;
const DEVICE_ID_BYTES = 16;
export const JOIN_CHALLENGE_BYTES = JOIN_HEADER_BYTES + DEVICE_ID_BYTES + CPACE_SHARE_BYTES + KEY_BYTES + SIG_BYTES;
export const JOIN_CONFIRM_BYTES = JOIN_HEADER_BYTES + DEVICE_ID_BYTES + CPACE_SHARE_BYTES + KEY_BYTES;

/** Six random digits, uniform (rejection sampling, no modulo bias). Never throws. */
export function newPairingCode(): string {
  const limit = 4_294_000_000; // the largest multiple of 10^6 below 2^32
  for (;;) {
    const [n] = new Uint32Array(nacl.randomBytes(4).buffer);
    if (n! < limit) return String(n! % 10 ** PAIRING_CODE_DIGITS).padStart(PAIRING_CODE_DIGITS, '0');
  }
}

/**
 * The code as typed: spaces and dashes are ignored, as people type it in
 * groups; undefined unless exactly six digits remain. Never throws.
 */
export function readPairingCode(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.length > 40) return undefined;
  const digits = text.replace(/[\s-]+/g, '');
  return /^[0-9]{6}$/.test(digits) ? digits : undefined;
}

/** The code as shown and said: two groups of three digits. */
export const showPairingCode = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`;

/** The three keys both sides derive from one CPace run. */
interface PairingKeys {
  readonly inviterProof: Uint8Array;
  readonly joinerProof: Uint8Array;
  readonly accept: Uint8Array;
}

/** The joiner's state between its request and the inviter's challenge. */
export interface JoinerPairing {
  readonly code: string;
  readonly start: CpaceStart;
  /** Sent, and sent again unchanged until the inviter answers. */
  readonly request: Uint8Array;
}

/** The inviter's state between its challenge and the joiner's confirm. */
export interface InviterPairing {
  readonly joiner: PublicIdentity;
  readonly joinerShare: Uint8Array;
  readonly challenge: Uint8Array;
  readonly joinerProof: Uint8Array;
  /** For joinAccept's pairingKey. */
  readonly pairingKey: Uint8Array;
}

/**
 * The joiner starts: a fresh CPace share for this invite, code and identity,
 * inside a join request. Throws PairingError('wrong-code') on a code that is
 * not six digits; TypeError as joinRequest.
 */
export function startPairing(invite: Invite, joiner: DeviceIdentity, code: string): JoinerPairing {
  const digits = readPairingCode(code);
  if (!digits) throw new PairingError('wrong-code');
  const me = publicIdentity(joiner);
  const start = cpaceStart(...cpaceInputs(invite, invite.inviter, me, digits));
  return Object.freeze({ code: digits, start, request: joinRequest(invite, joiner, start.share) });
}

/**
 * The inviter answers an opened join request with its own share and proof
 * of the code, signed. Throws PairingError('weak-key') on a share that is
 * not a usable group element, 'wrong-code' on a code that is not six digits.
 */
export function answerPairing(
  invite: Invite,
  inviter: DeviceIdentity,
  request: OpenedJoinRequest,
  code: string,
): InviterPairing {
  const digits = readPairingCode(code);
  if (!digits) throw new PairingError('wrong-code');
  const me = publicIdentity(inviter);
  const [prs, ci, sid] = cpaceInputs(invite, me, request.joiner, digits);
  const start = cpaceStart(prs, ci, sid);
  const keys = pairingKeys(
    cpaceIsk({
      scalar: start.scalar,
      sid,
      initiatorShare: request.share,
      initiatorAd: identityBytes(request.joiner),
      responderShare: start.share,
      responderAd: identityBytes(me),
      peerShare: request.share,
    }),
    sid,
  );
  const head = concatBytes(joinHeader(KIND_CHALLENGE, invite), keysOf(request.joiner).deviceId);
  const signed = challengeSigned(invite, request.joiner, request.share, start.share, keys.inviterProof);
  const challenge = concatBytes(head, start.share, keys.inviterProof, signDetached(signed, inviter.signing.secretKey));
  return Object.freeze({
    joiner: request.joiner,
    joinerShare: request.share,
    challenge,
    joinerProof: keys.joinerProof,
    pairingKey: keys.accept,
  });
}

/**
 * The joiner checks the inviter's challenge: signed by the inviter pinned in
 * the invite, for this joiner and share, and proving the same code. Returns
 * the confirm to send and the key that opens the accept. Throws
 * PairingError: 'malformed', 'unsupported-version', 'wrong-invite',
 * 'wrong-recipient' (another joiner's, or an earlier request's), 'bad-signature',
 * 'weak-key', and 'wrong-code' when the codes differ.
 */
export function openJoinChallenge(
  invite: Invite,
  joiner: DeviceIdentity,
  pairing: JoinerPairing,
  bytes: Uint8Array,
): { confirm: Uint8Array; pairingKey: Uint8Array } {
  const r = openHeader(invite, bytes, KIND_CHALLENGE);
  if (bytes.length !== JOIN_CHALLENGE_BYTES) throw new PairingError('malformed');
  const me = publicIdentity(joiner);
  const recipient = r.take(DEVICE_ID_BYTES);
  if (!constantTimeEqual(recipient, keysOf(me).deviceId)) throw new PairingError('wrong-recipient');
  const share = r.take(CPACE_SHARE_BYTES);
  const proof = r.take(KEY_BYTES);
  const sig = r.take(SIG_BYTES);
  r.end();
  const signed = challengeSigned(invite, me, pairing.start.share, share, proof);
  if (!verifyStrict(signed, sig, keysOf(invite.inviter).signPk)) throw new PairingError('bad-signature');
  const [, , sid] = cpaceInputs(invite, invite.inviter, me, pairing.code);
  const keys = pairingKeys(
    cpaceIsk({
      scalar: pairing.start.scalar,
      sid,
      initiatorShare: pairing.start.share,
      initiatorAd: identityBytes(me),
      responderShare: share,
      responderAd: identityBytes(invite.inviter),
      peerShare: share,
    }),
    sid,
  );
  if (!constantTimeEqual(proof, keys.inviterProof)) throw new PairingError('wrong-code');
  const confirm = concatBytes(
    joinHeader(KIND_CONFIRM, invite),
    keysOf(me).deviceId,
    pairing.start.share,
    keys.joinerProof,
  );
  return { confirm, pairingKey: keys.accept };
}

/** Which joiner and request a confirm answers, for the inviter to find its pairing. Throws PairingError. */
export function readJoinConfirm(invite: Invite, bytes: Uint8Array): { deviceId: string; share: Uint8Array } {
  const r = openHeader(invite, bytes, KIND_CONFIRM);
  if (bytes.length !== JOIN_CONFIRM_BYTES) throw new PairingError('malformed');
  return { deviceId: toHex(r.take(DEVICE_ID_BYTES)), share: r.take(CPACE_SHARE_BYTES).slice() };
}

/**
 * The inviter checks a confirm against its pairing: same joiner and share,
 * and the joiner's proof of the code. Throws PairingError: 'wrong-recipient'
 * for another pairing, 'wrong-code' when the proof differs, or as readJoinConfirm.
 */
export function checkJoinConfirm(invite: Invite, pairing: InviterPairing, bytes: Uint8Array): void {
  const { deviceId, share } = readJoinConfirm(invite, bytes);
  if (deviceId !== pairing.joiner.deviceId || !constantTimeEqual(share, pairing.joinerShare)) {
    throw new PairingError('wrong-recipient');
  }
  if (!constantTimeEqual(bytes.subarray(bytes.length - KEY_BYTES), pairing.joinerProof)) {
    throw new PairingError('wrong-code');
  }
}

function cpaceInputs(
  invite: Invite,
  inviter: PublicIdentity,
  joiner: PublicIdentity,
  code: string,
): [Uint8Array, Uint8Array, Uint8Array] {
  const { inviteId, channelId } = inviteIds(invite);
  const ci = framed('squircle/pair/v1', channelId, identityBytes(inviter), identityBytes(joiner));
  return [utf8Encode(code), ci, inviteId];
}

function pairingKeys(isk: Uint8Array, sid: Uint8Array): PairingKeys {
  const key = (label: string) => hkdf(sha512, isk, sid, utf8Encode(`squircle/pair/v1/${label}`), KEY_BYTES);
  try {
    return { inviterProof: key('inviter-proof'), joinerProof: key('joiner-proof'), accept: key('accept') };
  } finally {
    isk.fill(0);
  }
}

function challengeSigned(
  invite: Invite,
  joiner: PublicIdentity,
  joinerShare: Uint8Array,
  inviterShare: Uint8Array,
  proof: Uint8Array,
): Uint8Array {
  const { inviteId, channelId } = inviteIds(invite);
  return framed(
    'squircle/join-challenge/v2',
    inviteId,
    channelId,
    identityBytes(invite.inviter),
    identityBytes(joiner),
    joinerShare,
    inviterShare,
    proof,
  );
}
