import { describe, expect, it } from 'vitest';
import {
  DEFAULT_KDF,
  MalformedRecordError,
  WrongPassphraseError,
  createVault,
  deriveRootKey,
  fieldCipher,
  fromBase64,
  newKdfParams,
  newVaultKey,
  rewrapVault,
  toBase64,
  unlockVault,
  unwrapVaultKey,
  wrapVaultKey,
  type WrappedVaultKey,
} from '../../../crypto';
import { TEST_COST, toHex } from './support';

const PASS = 'river stone quiet lantern';

describe('vault', () => {
  it('unlocks with the passphrase it was created with', async () => {
    const { wrapped, vaultKey } = await createVault(PASS, TEST_COST);
    expect(wrapped.v).toBe(1);
    expect(wrapped.kdf).toMatchObject(TEST_COST);
    expect(toHex(await unlockVault(PASS, wrapped))).toBe(toHex(vaultKey));
    // The record is plain JSON for storage; it survives a round trip through it.
    expect(toHex(await unlockVault(PASS, JSON.parse(JSON.stringify(wrapped))))).toBe(toHex(vaultKey));
  });

  it('refuses a wrong passphrase with WrongPassphraseError', async () => {
    const { wrapped } = await createVault(PASS, TEST_COST);
    await expect(unlockVault('river stone quiet lanterns', wrapped)).rejects.toThrow(WrongPassphraseError);
    await expect(unlockVault('', wrapped)).rejects.toThrow(WrongPassphraseError);
  });

  it('treats a flipped bit in the box or nonce like a wrong passphrase', async () => {
    const { wrapped } = await createVault(PASS, TEST_COST);
    for (const field of ['box', 'nonce'] as const) {
      const bytes = fromBase64(wrapped[field]);
      for (const at of [0, bytes.length >> 1, bytes.length - 1]) {
        const flipped = bytes.slice();
        flipped[at]! ^= 0x01;
        const tampered = { ...wrapped, [field]: toBase64(flipped) };
        await expect(unlockVault(PASS, tampered)).rejects.toThrow(WrongPassphraseError);
      }
    }
  });

  it('fails when the stored KDF parameters are swapped, even with the right root key', async () => {
    const kdf = newKdfParams(TEST_COST);
    const root = await deriveRootKey(PASS, kdf);
    const wrapped = wrapVaultKey(root, newVaultKey(), kdf);
    const swaps: WrappedVaultKey[] = [
      { ...wrapped, kdf: { ...kdf, iterations: 2 } },
      { ...wrapped, kdf: { ...kdf, memKiB: 16384 } },
      { ...wrapped, kdf: newKdfParams(TEST_COST) },
    ];
    for (const swapped of swaps) {
      expect(() => unwrapVaultKey(root, swapped)).toThrow(WrongPassphraseError);
      await expect(unlockVault(PASS, swapped)).rejects.toThrow(WrongPassphraseError);
    }
  });

  it('refuses a damaged or too-weak record with MalformedRecordError, before deriving anything', async () => {
    const { wrapped } = await createVault(PASS, TEST_COST);
    const bad: unknown[] = [
      null,
      { ...wrapped, v: 2 },
      { ...wrapped, box: wrapped.box.slice(4) },
      { ...wrapped, nonce: 'not base64' },
      { ...wrapped, kdf: { ...wrapped.kdf, memKiB: 1024 } },
    ];
    for (const record of bad) {
      await expect(unlockVault(PASS, record as WrappedVaultKey)).rejects.toThrow(MalformedRecordError);
    }
    await expect(createVault(PASS, { ...TEST_COST, memKiB: 4096 })).rejects.toThrow(MalformedRecordError);
  });

  it('refuses an empty passphrase on create', async () => {
    await expect(createVault('', TEST_COST)).rejects.toThrow(TypeError);
  });

  it('uses a fresh vault key, salt and nonce for every vault', async () => {
    const a = await createVault(PASS, TEST_COST);
    const b = await createVault(PASS, TEST_COST);
    expect(toHex(a.vaultKey)).not.toBe(toHex(b.vaultKey));
    expect(a.wrapped.kdf.salt).not.toBe(b.wrapped.kdf.salt);
    expect(a.wrapped.nonce).not.toBe(b.wrapped.nonce);
  });
});

describe('rewrapVault', () => {
  const ctxs = [
    { table: 'members', id: 'm-1', v: 1 },
    { table: 'notes', id: 'n-7', v: 3 },
    { table: 'markers', id: 'k-2', v: 1 },
  ];

  it('keeps the vault key, so fields sealed before stay readable after', async () => {
    const { wrapped, vaultKey } = await createVault(PASS, TEST_COST);
    const sealed = ctxs.map((c, i) => fieldCipher(vaultKey).seal(`note ${i}: Übertragung`, c));

    const rewrapped = await rewrapVault(PASS, 'a new passphrase for spring', wrapped, TEST_COST);
    const after = await unlockVault('a new passphrase for spring', rewrapped);

    expect(toHex(after)).toBe(toHex(vaultKey));
    const cipher = fieldCipher(after);
    expect(sealed.map((s, i) => cipher.open(s, ctxs[i]!))).toEqual(ctxs.map((_, i) => `note ${i}: Übertragung`));
    await expect(unlockVault(PASS, rewrapped)).rejects.toThrow(WrongPassphraseError);
  });

  it('uses a new salt and never lowers the parameters', async () => {
    const strong = { ...TEST_COST, memKiB: 12288, iterations: 2 };
    const { wrapped } = await createVault(PASS, strong);
    const rewrapped = await rewrapVault(PASS, 'another passphrase here', wrapped, TEST_COST);
    expect(rewrapped.kdf.salt).not.toBe(wrapped.kdf.salt);
    expect(rewrapped.kdf).toMatchObject({ memKiB: 12288, iterations: 2, parallelism: 1 });

    const raised = await rewrapVault('another passphrase here', 'third passphrase here', rewrapped, {
      ...TEST_COST,
      iterations: 3,
    });
    expect(raised.kdf).toMatchObject({ memKiB: 12288, iterations: 3 });
  });

  // The only test that runs the full default cost (twice: re-wrap and unlock).
  it('raises an old weak record to the default cost when no floor is given', async () => {
    const { wrapped, vaultKey } = await createVault(PASS, TEST_COST);
    const rewrapped = await rewrapVault(PASS, 'stronger at last please', wrapped);
    expect(rewrapped.kdf).toMatchObject(DEFAULT_KDF);
    expect(toHex(await unlockVault('stronger at last please', rewrapped))).toBe(toHex(vaultKey));
  });

  it('refuses a wrong old passphrase and an empty new one', async () => {
    const { wrapped } = await createVault(PASS, TEST_COST);
    await expect(rewrapVault('nope', 'a fine new passphrase', wrapped, TEST_COST)).rejects.toThrow(
      WrongPassphraseError,
    );
    await expect(rewrapVault(PASS, '', wrapped, TEST_COST)).rejects.toThrow(TypeError);
  });
});
