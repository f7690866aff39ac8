/**
 * Keyed index values. A clear index column that would carry meaning (which
 * group a member is in, whose safety record a row is) holds a tag instead:
 * HMAC-SHA-256 under a key derived from the vault key with HKDF, cut to 128
 * bits. Equal inputs give equal tags, so IndexedDB can still look them up;
 * without the vault key a tag cannot be computed or reversed, not even by
 * trying every id or code a guesser might know.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { framed } from './bytes';
import { utf8Encode } from './encoding';
import { toBase64Url } from './wire';
import { VaultLockedError, type VaultKey } from './types';
import { wipe } from './wipe';

const INFO = 'squircle/index-key/v1';
const TAG_BYTES = 16;
/** What a tag looks like: 16 bytes as unpadded base64url. */
export const TAG_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** The index key for a vault key: HKDF-SHA-256, no salt (the vault key is random), info names the use. */
export function deriveIndexKey(vaultKey: VaultKey): Uint8Array {
  return hkdf(sha256, vaultKey, undefined, utf8Encode(INFO), 32);
}

/**
 * A tagger over one vault key: tag(label, value) is the keyed index value of
 * `value` in the column `label` names ("members.groupId"), so equal values in
 * two columns give unrelated tags. It reads the vault key by reference: once
 * the key is wiped (lock), it wipes its own copy and throws VaultLockedError.
 */
export function indexTagger(vaultKey: VaultKey): (label: string, value: string) => string {
  const key = deriveIndexKey(vaultKey);
  const base = hmac.create(sha256, key);
  return (label, value) => {
    if (!vaultKey.some((b) => b !== 0)) {
      wipe(key);
      throw new VaultLockedError();
    }
    if (label === '') throw new TypeError('A tag needs a label naming its column.');
    return toBase64Url(base.clone().update(framed(label, value)).digest().subarray(0, TAG_BYTES));
  };
}
