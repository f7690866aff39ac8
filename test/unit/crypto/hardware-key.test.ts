import { hkdf } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  MalformedRecordError,
  WrongPassphraseError,
  createVault,
  deriveRootKey,
  fromBase64,
  mixHardwareKey,
  needsHardwareKey,
  newHardwareKeyParams,
  toBase64,
  unlockVault,
  unlockWithHardwareKey,
  validateHardwareKeyParams,
  wrapWithHardwareKey,
  wrapWithoutHardwareKey,
  type RootKey,
} from '../../../crypto';
import { TEST_COST, toHex } from './support';

const PASS = 'river stone quiet lantern';
const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);
const PRF = bytes(32, 0x5a);
const CREDENTIAL = bytes(16, 0x11);

async function keyedVault() {
  const { vaultKey } = await createVault(PASS, TEST_COST);
  const params = newHardwareKeyParams(CREDENTIAL);
  const wrapped = await wrapWithHardwareKey(PASS, vaultKey, PRF, params, TEST_COST);
  return { vaultKey, params, wrapped };
}

describe('hardware key in the key wrap', () => {
  it('opens with the passphrase and the same PRF output, and says it needs the key', async () => {
    const { vaultKey, wrapped } = await keyedVault();
    expect(needsHardwareKey(wrapped)).toBe(true);
    expect(toHex(await unlockWithHardwareKey(PASS, wrapped, PRF.slice()))).toBe(toHex(vaultKey));
    // Stored as plain JSON: a round trip keeps everything unlocking needs.
    const stored = JSON.parse(JSON.stringify(wrapped));
    expect(toHex(await unlockWithHardwareKey(PASS, stored, PRF))).toBe(toHex(vaultKey));
  });

  it('does not open with the passphrase alone', async () => {
    const { wrapped } = await keyedVault();
    await expect(unlockVault(PASS, wrapped)).rejects.toThrow(WrongPassphraseError);
    // Dropping the key record on disk does not turn it into a passphrase-only wrap either.
    const { hardwareKey: _dropped, ...bare } = wrapped;
    await expect(unlockVault(PASS, bare)).rejects.toThrow(WrongPassphraseError);
  });

  it('refuses a wrong PRF output, a wrong passphrase, and a PRF output of the wrong size', async () => {
    const { wrapped } = await keyedVault();
    const wrong = PRF.slice();
    wrong[31]! ^= 1;
    await expect(unlockWithHardwareKey(PASS, wrapped, wrong)).rejects.toThrow(WrongPassphraseError);
    await expect(unlockWithHardwareKey(`${PASS}s`, wrapped, PRF)).rejects.toThrow(WrongPassphraseError);
    await expect(unlockWithHardwareKey('', wrapped, PRF)).rejects.toThrow(WrongPassphraseError);
    await expect(unlockWithHardwareKey(PASS, wrapped, bytes(31, 0x5a))).rejects.toThrow(TypeError);
  });

  it('binds the credential id and the salt: swapping either makes the wrap not open', async () => {
    const { wrapped, params } = await keyedVault();
    const swaps = [
      { ...params, prfSalt: toBase64(bytes(32, 0x01)) },
      { ...params, credentialId: toBase64(bytes(16, 0x12)) },
    ];
    for (const hardwareKey of swaps) {
      await expect(unlockWithHardwareKey(PASS, { ...wrapped, hardwareKey }, PRF)).rejects.toThrow(WrongPassphraseError);
    }
  });

  it('mixes with HKDF-SHA-256 over root key and PRF output, credential id and salt in info', async () => {
    const params = newHardwareKeyParams(CREDENTIAL);
    const root = bytes(32, 0x33) as RootKey;
    const frame = (b: Uint8Array) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
    const info = Buffer.concat([
      frame(Buffer.from('squircle/hardware-key/v1')),
      frame(fromBase64(params.credentialId)),
      frame(fromBase64(params.prfSalt)),
    ]);
    const expected = await new Promise<ArrayBuffer>((ok, fail) =>
      hkdf('sha256', Buffer.concat([root, PRF]), Buffer.alloc(0), info, 32, (e, k) => (e ? fail(e) : ok(k))),
    );
    expect(toHex(mixHardwareKey(root, PRF, params))).toBe(Buffer.from(expected).toString('hex'));
    // Neither input alone decides the key.
    expect(toHex(mixHardwareKey(root, bytes(32, 0x5b), params))).not.toBe(toHex(mixHardwareKey(root, PRF, params)));
    expect(toHex(mixHardwareKey(bytes(32, 0x34) as RootKey, PRF, params))).not.toBe(
      toHex(mixHardwareKey(root, PRF, params)),
    );
  });

  it('turning the key off wraps the same vault key under the passphrase alone', async () => {
    const { vaultKey, wrapped } = await keyedVault();
    const opened = await unlockWithHardwareKey(PASS, wrapped, PRF);
    const plain = await wrapWithoutHardwareKey(PASS, opened, wrapped, TEST_COST);
    expect(needsHardwareKey(plain)).toBe(false);
    expect(plain.kdf.salt).not.toBe(wrapped.kdf.salt);
    expect(toHex(await unlockVault(PASS, plain))).toBe(toHex(vaultKey));
  });

  it('uses a fresh salt for every key and refuses damaged key records', async () => {
    expect(newHardwareKeyParams(CREDENTIAL).prfSalt).not.toBe(newHardwareKeyParams(CREDENTIAL).prfSalt);
    const good = newHardwareKeyParams(CREDENTIAL);
    for (const bad of [
      null,
      { ...good, v: 2 },
      { ...good, prfSalt: toBase64(bytes(16, 1)) },
      { ...good, credentialId: '' },
      { ...good, credentialId: toBase64(bytes(1024, 1)) },
      { ...good, credentialId: 'not base64!' },
    ]) {
      expect(() => validateHardwareKeyParams(bad)).toThrow(MalformedRecordError);
    }
    const { wrapped } = await keyedVault();
    await expect(
      unlockWithHardwareKey(PASS, { ...wrapped, hardwareKey: { ...good, v: 3 } as never }, PRF),
    ).rejects.toThrow(MalformedRecordError);
    const root = await deriveRootKey(PASS, wrapped.kdf);
    expect(() => mixHardwareKey(root, bytes(33, 1), good)).toThrow(TypeError);
  });
});
