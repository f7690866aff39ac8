// VaultService with a security key. WebAuthn does not run in Node, so an authenticator stands in for it here
// the way CTAP2's hmac-secret works: one random secret per credential, PRF output = HMAC-SHA-256(secret, salt).
// test/e2e/security-key.test.ts runs the same paths against Chromium's virtual authenticator.
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../../crypto';
import type { HardwareKeyParams } from '../../../crypto/types';
import { WrongPassphraseError } from '../../../crypto/types';
import { SecurityKeyError, type SecurityKeyPort } from '../../../ext/panel/security-key';
import { VaultService } from '../../../ext/panel/vault-service';
import { SquircleDb } from '../../../storage/db';
import { ScratchRepo } from '../../../storage/scratch-repo';
import { VaultStore } from '../../../storage/vault-store';

const PASS = 'a calm passphrase for tests';
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
});
