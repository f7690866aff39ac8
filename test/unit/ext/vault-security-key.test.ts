// VaultService with a security key. WebAuthn does not run in Node, so an authenticator stands in for it here
// the way CTAP2's hmac-secret works: one random secret per credential, PRF output = HMAC-SHA-256(secret, salt).
// test/e2e/security-key.test.ts runs the same paths against Chromium's virtual authenticator.
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fieldCipher, fromBase64, toBase64, unlockVault } from '../../../crypto';
import type { HardwareKeyParams, VaultKey } from '../../../crypto/types';
import { WrongPassphraseError } from '../../../crypto/types';
import { SecurityKeyError, type SecurityKeyPort } from '../../../ext/panel/security-key';
import { VaultService } from '../../../ext/panel/vault-service';
import { SquircleDb } from '../../../storage/db';
import { ScratchRepo } from '../../../storage/scratch-repo';
import { VaultStore } from '../../../storage/vault-store';

const PASS = 'a calm passphrase for tests';
const NEXT = 'the next calm passphrase here';
const fresh = () => new SquircleDb(`t-${crypto.randomUUID()}`);

class StandInKey implements SecurityKeyPort {
  readonly secrets = new Map<string, Buffer>();
  plugged = true;
  async register(): Promise<Uint8Array> {
    if (!this.plugged) throw new SecurityKeyError('not-touched', 'no key');
    const id = randomBytes(16);
    this.secrets.set(toBase64(id), randomBytes(32));
    return new Uint8Array(id);
  }
  async evaluate(params: HardwareKeyParams): Promise<Uint8Array> {
    const secret = this.secrets.get(params.credentialId);
    if (!this.plugged || !secret) throw new SecurityKeyError('not-touched', 'no key answered');
    return new Uint8Array(createHmac('sha256', secret).update(fromBase64(params.prfSalt)).digest());
  }
}

describe('VaultService with a security key', () => {
  it('needs the key to unlock once it is on, and the passphrase alone once it is off', async () => {
    const db = fresh();
    const key = new StandInKey();
    const vault = new VaultService(db, { securityKey: key });
    await vault.create(PASS);
    await new ScratchRepo(db, vault.fields()).save('kept through it all');
    expect(await vault.needsKey()).toBe(false);

    await vault.addSecurityKey(PASS);
    expect(await vault.needsKey()).toBe(true);
    expect(key.secrets.size).toBe(1);
    await vault.lock();

    key.plugged = false;
    await expect(vault.unlock(PASS)).rejects.toMatchObject({ name: 'SecurityKeyError', problem: 'not-touched' });
    expect(await vault.state()).toBe('locked');
    // A missing key is not a wrong passphrase: nothing is counted against the user.
    expect((await new VaultStore(db).throttle()).failures).toBe(0);

    key.plugged = true;
    await expect(vault.unlock('not the passphrase')).rejects.toThrow(WrongPassphraseError);
    // Another authenticator answering for the same credential id with its own secret: the right passphrase fails.
    const impostor = new StandInKey();
    for (const id of key.secrets.keys()) impostor.secrets.set(id, randomBytes(32));
    await expect(new VaultService(db, { securityKey: impostor }).unlock(PASS)).rejects.toThrow(WrongPassphraseError);
    await vault.unlock(PASS);
    expect(await new ScratchRepo(db, vault.fields()).load()).toBe('kept through it all');

    // Another page without WebAuthn cannot open it with the passphrase alone.
    await vault.lock();
    await expect(new VaultService(db).unlock(PASS)).rejects.toMatchObject({ problem: 'unavailable' });

    await vault.removeSecurityKey(PASS);
    expect(await vault.needsKey()).toBe(false);
    await vault.lock();
    const plain = new VaultService(db);
    await plain.unlock(PASS);
    expect(await new ScratchRepo(db, plain.fields()).load()).toBe('kept through it all');
  });

  it('a wrong passphrase or a missing key when turning it on or off changes nothing', async () => {
    const db = fresh();
    const key = new StandInKey();
    const vault = new VaultService(db, { securityKey: key });
    await vault.create(PASS);
    const store = new VaultStore(db);
    const before = await store.wrapped();
    await expect(vault.addSecurityKey('wrong words here')).rejects.toThrow(WrongPassphraseError);
    key.plugged = false;
    await expect(vault.addSecurityKey(PASS)).rejects.toMatchObject({ problem: 'not-touched' });
    expect(await store.wrapped()).toEqual(before);

    key.plugged = true;
    await vault.addSecurityKey(PASS);
    const keyed = await store.wrapped();
    key.plugged = false;
    await expect(vault.removeSecurityKey(PASS)).rejects.toMatchObject({ problem: 'not-touched' });
    key.plugged = true;
    await expect(vault.removeSecurityKey('wrong words here')).rejects.toThrow(WrongPassphraseError);
    expect(await store.wrapped()).toEqual(keyed);
  });

  it('changing the passphrase keeps the key required and the records readable', async () => {
    const db = fresh();
    const key = new StandInKey();
    const vault = new VaultService(db, { securityKey: key });
    await vault.create(PASS);
    await new ScratchRepo(db, vault.fields()).save('still here');
    await vault.addSecurityKey(PASS);
    await vault.changePassphrase(PASS, 'a new calm passphrase for tests');
    expect(await vault.needsKey()).toBe(true);
    await vault.lock();
    await expect(vault.unlock(PASS)).rejects.toThrow(WrongPassphraseError);
    await vault.unlock('a new calm passphrase for tests');
    expect(await new ScratchRepo(db, vault.fields()).load()).toBe('still here');
  });

  // Re-encrypting everything derives keys with the real Argon2id cost several times per case.
  it(
    're-encrypting everything keeps the key required: new passphrase and key open it, nothing else',
    {
      timeout: 120_000,
    },
    async () => {
      const db = fresh();
      const key = new StandInKey();
      const vault = new VaultService(db, { securityKey: key });
      await vault.create(PASS);
      await new ScratchRepo(db, vault.fields()).save('carried to the new key');
      await vault.addSecurityKey(PASS);
      const store = new VaultStore(db);
      const before = (await store.wrapped())!;
      const oldKey = vault.key().slice() as VaultKey;

      await vault.rotateKey(PASS, NEXT);
      const after = (await store.wrapped())!;
      // The same credential and salt, a new wrap of a new key.
      expect(after.hardwareKey).toEqual(before.hardwareKey);
      expect(after.box).not.toEqual(before.box);
      expect(vault.key()).not.toEqual(oldKey);
      expect(await new ScratchRepo(db, vault.fields()).load()).toBe('carried to the new key');
      // The old key opens no record any more.
      await expect(new ScratchRepo(db, fieldCipher(oldKey)).load()).rejects.toThrow();

      // The new passphrase alone does not open the stored wrap, nor does a page without WebAuthn.
      await expect(unlockVault(NEXT, after)).rejects.toThrow(WrongPassphraseError);
      await vault.lock();
      await expect(new VaultService(db).unlock(NEXT)).rejects.toMatchObject({ problem: 'unavailable' });
      key.plugged = false;
      await expect(vault.unlock(NEXT)).rejects.toMatchObject({ problem: 'not-touched' });
      key.plugged = true;
      await expect(vault.unlock(PASS)).rejects.toThrow(WrongPassphraseError);
      await vault.unlock(NEXT);
      expect(await new ScratchRepo(db, vault.fields()).load()).toBe('carried to the new key');
    },
  );

  it(
    're-encrypting everything without the key touched, or with a wrong passphrase, changes nothing',
    {
      timeout: 120_000,
    },
    async () => {
      const db = fresh();
      const key = new StandInKey();
      const vault = new VaultService(db, { securityKey: key });
      await vault.create(PASS);
      await new ScratchRepo(db, vault.fields()).save('left as it was');
      await vault.addSecurityKey(PASS);
      const store = new VaultStore(db);
      const before = await store.wrapped();
      const oldKey = vault.key().slice();

      key.plugged = false;
      await expect(vault.rotateKey(PASS, NEXT)).rejects.toMatchObject({
        name: 'SecurityKeyError',
        problem: 'not-touched',
      });
      expect(await store.wrapped()).toEqual(before);
      expect((await store.throttle()).failures).toBe(0);
      expect(await vault.state()).toBe('unlocked');
      expect(vault.key()).toEqual(oldKey);

      key.plugged = true;
      await expect(vault.rotateKey('not the passphrase', NEXT)).rejects.toThrow(WrongPassphraseError);
      expect(await store.wrapped()).toEqual(before);
      expect((await store.throttle()).failures).toBe(1);

      await vault.lock();
      await vault.unlock(PASS);
      expect(vault.key()).toEqual(oldKey);
      expect(await new ScratchRepo(db, vault.fields()).load()).toBe('left as it was');
    },
  );
});
