/**
 * CPace over ristretto255 with SHA-512 (draft-irtf-cfrg-cpace, the
 * "CPaceRistretto255" suite), the password-authenticated key exchange that
 * turns the short code the leaders say in the call into a shared key.
 * Each side sends one group element; someone who does not know the code
 * learns nothing they could test offline: every guess costs one live
 * exchange with the inviter, who allows only a few per invite.
 *
 * The group arithmetic and the map to the group are @noble/curves (audited);
 * this file only frames the inputs as the draft says, so the draft's test
 * vectors hold (test/unit/crypto/cpace.test.ts).
 */
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import nacl from 'tweetnacl';
import { concatBytes } from './bytes';
import { PairingError } from './channel-errors';
import { utf8Encode } from './encoding';

const DSI = utf8Encode('CPaceRistretto255');
const DSI_ISK = utf8Encode('CPaceRistretto255_ISK');
/** SHA-512's input block size, which the generator string is padded towards. */
const S_IN_BYTES = 128;
export const CPACE_SHARE_BYTES = 32;
const Point = ristretto255.Point;
const Fn = Point.Fn;

/** One side's secret scalar and the share it sends. */
export interface CpaceStart {
  readonly scalar: bigint;
  readonly share: Uint8Array;
}

/** LEB128 length, as the draft's prepend_len. */
function prependLen(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let n = data.length;
  for (;;) {
    if (n < 128) {
      out.push(n);
      return concatBytes(new Uint8Array(out), data);
    }
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
}

const lvCat = (...parts: Uint8Array[]) => concatBytes(...parts.map(prependLen));

/** The draft's generator_string(DSI, PRS, CI, sid, s_in_bytes). */
export function generatorString(prs: Uint8Array, ci: Uint8Array, sid: Uint8Array): Uint8Array {
  const zpad = Math.max(0, S_IN_BYTES - 1 - prependLen(prs).length - prependLen(DSI).length);
  return lvCat(DSI, prs, new Uint8Array(zpad), ci, sid);
}

/** The code-dependent generator, as its 32-byte encoding. */
export function cpaceGenerator(prs: Uint8Array, ci: Uint8Array, sid: Uint8Array): Uint8Array {
  return generator(prs, ci, sid).toBytes();
}

function generator(prs: Uint8Array, ci: Uint8Array, sid: Uint8Array) {
  return ristretto255_hasher.deriveToCurve!(sha512(generatorString(prs, ci, sid)));
}

/**
 * A fresh secret scalar and its share for this code, channel identifier and
 * session id. `scalarBytes` (64 bytes, reduced mod the group order) is for
 * the test vectors only; without it the scalar is random.
 */
export function cpaceStart(prs: Uint8Array, ci: Uint8Array, sid: Uint8Array, scalarBytes?: Uint8Array): CpaceStart {
  const scalar = scalarFrom(scalarBytes ?? nacl.randomBytes(64));
  return Object.freeze({ scalar, share: generator(prs, ci, sid).multiply(scalar).toBytes() });
}

/** A scalar from little-endian bytes, reduced; never zero. */
export function scalarFrom(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  const s = Fn.create(n);
  if (s === 0n) throw new RangeError('A CPace scalar cannot be zero.');
  return s;
}

/**
 * The shared point K = scalar · peer share, encoded (the draft's
 * scalar_mult_vfy). Throws PairingError('weak-key') on a share that is not a
 * canonical ristretto255 encoding or is the identity, or when K is the identity.
 */
export function cpaceSharedPoint(scalar: bigint, peerShare: Uint8Array): Uint8Array {
  let peer;
  try {
    if (!(peerShare instanceof Uint8Array) || peerShare.length !== CPACE_SHARE_BYTES) throw new Error();
    peer = Point.fromBytes(peerShare);
  } catch {
    throw new PairingError('weak-key');
  }
  if (peer.is0()) throw new PairingError('weak-key');
  const k = peer.multiply(scalar);
  if (k.is0()) throw new PairingError('weak-key');
  return k.toBytes();
}

/**
 * The intermediate session key (64 bytes) in initiator-responder order:
 * SHA-512(lv_cat(DSI‖"_ISK", sid, K) ‖ lv_cat(Ya, ADa) ‖ lv_cat(Yb, ADb)).
 * Throws PairingError('weak-key') as cpaceSharedPoint.
 */
export function cpaceIsk(o: {
  scalar: bigint;
  sid: Uint8Array;
  initiatorShare: Uint8Array;
  initiatorAd: Uint8Array;
  responderShare: Uint8Array;
  responderAd: Uint8Array;
  /** The other side's share: the responder's for the initiator, and the other way round. */
  peerShare: Uint8Array;
}): Uint8Array {
  const k = cpaceSharedPoint(o.scalar, o.peerShare);
  try {
    return sha512(
      concatBytes(
        lvCat(DSI_ISK, o.sid, k),
        lvCat(o.initiatorShare, o.initiatorAd),
        lvCat(o.responderShare, o.responderAd),
      ),
    );
  } finally {
    k.fill(0);
  }
}
