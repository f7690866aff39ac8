/**
 * The number two co-leaders read to each other aloud on the call, after the
 * pattern of Signal's numeric fingerprint: 30 digits per device, the two
 * halves in sorted order so both sides see the same 60 digits.
 *
 * Per device: h = SHA-512(framed('squircle/safety-number/v1', identity 81 bytes)),
 * then ITERATIONS - 1 times h = SHA-512(h || identity). The first 30 bytes of h
 * give six 5-byte big-endian numbers, each taken mod 100000 as 5 digits.
 * The iterations make finding a key with a chosen half about 2^12 times
 * costlier than the ~2^100 a 30-digit half already asks for.
 */
import nacl from 'tweetnacl';
import { concatBytes, framed } from './bytes';
import { identityBytes } from './identity';
import type { PublicIdentity } from './types';

export const SAFETY_NUMBER_ITERATIONS = 5200;

/**
 * 60 digits as 12 space-separated groups of 5, e.g. "01234 56789 …".
 * The same whichever identity is `a`; changes when any key or the device id
 * of either changes. Throws TypeError on a malformed identity. Never depends
 * on argument order; never uses anything but public keys.
 */
export function safetyNumber(a: PublicIdentity, b: PublicIdentity): string {
  const halves = [half(a), half(b)].sort();
  return (halves[0]! + halves[1]!).match(/\d{5}/g)!.join(' ');
}

function half(pub: PublicIdentity): string {
  const id = identityBytes(pub);
  let h = nacl.hash(framed('squircle/safety-number/v1', id));
  const buf = concatBytes(h, id);
  for (let i = 1; i < SAFETY_NUMBER_ITERATIONS; i++) {
    buf.set(h, 0);
    h = nacl.hash(buf);
  }
  let digits = '';
  for (let chunk = 0; chunk < 6; chunk++) {
    let n = 0;
    // 40 bits fit a double exactly.
    for (let j = 0; j < 5; j++) n = n * 256 + h[chunk * 5 + j]!;
    digits += String(n % 100000).padStart(5, '0');
  }
  return digits;
}
