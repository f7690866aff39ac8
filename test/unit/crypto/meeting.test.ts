// The keyed meeting fingerprint.
import { sha512 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { meetingHash, newVaultKey, type VaultKey } from '../../../crypto';
import { concatBytes, framed } from '../../../crypto/bytes';
import { toHex } from './support';

describe('meetingHash', () => {
  it('is the first 16 bytes of the framed SHA-512 under the vault key, in hex', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i) as VaultKey;
    const framedInput = concatBytes(framed('squircle/meeting/v1', key, 'meet', 'abc-defg-hij'));
    const want = toHex(sha512(framedInput).subarray(0, 16));
    expect(meetingHash(key, 'meet', 'abc-defg-hij')).toBe(want);
    expect(want).toMatch(/^[0-9a-f]{32}$/);
  });

  it('changes with the key, the platform and the meeting, and never confuses where one ends', () => {
    const key = newVaultKey();
    const h = meetingHash(key, 'meet', 'abc');
    expect(meetingHash(key, 'meet', 'abc')).toBe(h);
    expect(meetingHash(newVaultKey(), 'meet', 'abc')).not.toBe(h);
    expect(meetingHash(key, 'zoom', 'abc')).not.toBe(h);
    expect(meetingHash(key, 'meet', 'abd')).not.toBe(h);
    expect(meetingHash(key, 'mee', 'tabc')).not.toBe(h);
  });
});
