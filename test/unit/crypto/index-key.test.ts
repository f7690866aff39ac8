// Keyed index tags: HKDF-SHA-256 from the vault key, then HMAC-SHA-256 over a framed label and
// value, cut to 16 bytes. Checked against Node's own HKDF and HMAC, not against the code itself.
import { createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TAG_PATTERN, deriveIndexKey, fieldCipher, indexTagger, newVaultKey, wipe } from '../../../crypto';
import { VaultLockedError, type VaultKey } from '../../../crypto/types';

const framed = (...parts: string[]) =>
  Buffer.concat(
    parts.flatMap((p) => {
      const b = Buffer.from(p, 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length);
      return [len, b];
    }),
  );

describe('index tags', () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i) as VaultKey;

  it('are HMAC-SHA-256 under an HKDF-SHA-256 key, 16 bytes as base64url', () => {
    const indexKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'squircle/index-key/v1', 32));
    expect(Buffer.from(deriveIndexKey(key))).toEqual(indexKey);
    const expected = createHmac('sha256', indexKey)
      .update(framed('members.groupId', 'group-1'))
      .digest()
      .subarray(0, 16)
      .toString('base64url');
    const tag = indexTagger(key)('members.groupId', 'group-1');
    expect(tag).toBe(expected);
    expect(tag).toMatch(TAG_PATTERN);
  });

  it('differ by label, by value and by vault key; are stable for the same three', () => {
    const t = indexTagger(key);
    expect(t('members.groupId', 'g')).toBe(t('members.groupId', 'g'));
    expect(t('members.groupId', 'g')).not.toBe(t('safety.groupId', 'g'));
    expect(t('members.groupId', 'g')).not.toBe(t('members.groupId', 'h'));
    // Framing: moving a character between label and value changes the tag.
    expect(t('members.id', 'x')).not.toBe(t('members.i', 'dx'));
    expect(indexTagger(newVaultKey())('members.groupId', 'g')).not.toBe(t('members.groupId', 'g'));
    expect(() => t('', 'g')).toThrow(TypeError);
  });

  it('the field cipher tags the same way, and stops after the vault key is wiped', () => {
    const k = newVaultKey();
    const cipher = fieldCipher(k);
    const tag = cipher.tag('screenings.memberId', 'm-1');
    expect(tag).toBe(indexTagger(newCopy(k))('screenings.memberId', 'm-1'));
    wipe(k);
    expect(() => cipher.tag('screenings.memberId', 'm-1')).toThrow(VaultLockedError);
  });
});

const newCopy = (k: Uint8Array) => Uint8Array.from(k) as VaultKey;
