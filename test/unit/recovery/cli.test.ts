// `npm run recover` as a clinic's IT runs it: a new key pair, a real export made under that key's policy, then
// the command opens it into a new backup and readable records. The command runs in its own Node process.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { VaultService } from '../../../ext/panel/vault-service';
import { exportBackup, importBackup } from '../../../storage/backup';
import { SECRET, freshDb, populate, realBackupCrypto } from '../storage/support';

const ROOT = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

/** Runs `npm run recover -- …args`; resolves with the exit code and output, never rejects. */
async function recover(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await run('npm', ['run', '--silent', 'recover', '--', ...args], { cwd: ROOT, timeout: 60_000 });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

async function exportUnder(recoveryKey: string | undefined, path: string) {
  const db = freshDb();
  const vault = new VaultService(db, { recoveryKey: () => recoveryKey });
  await vault.create('the departed clinician passphrase');
  await populate(db, vault.fields());
  writeFileSync(path, await exportBackup(db, { cipher: vault.fields(), digest: realBackupCrypto.digest }));
}

describe('npm run recover', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'squircle-recover-'));
  const at = (name: string) => join(dir, name);
  let publicKey = '';

  beforeAll(async () => {
    writeFileSync(at('key-pass'), 'copper kettle morning fjord\n');
    writeFileSync(at('new-pass'), 'lantern over the quiet harbour\n');
    const made = await recover('new-key', '--out', at('key.json'), '--new-passphrase-file', at('key-pass'));
    expect(made.err).toBe('');
    expect(made.code).toBe(0);
    publicKey = /recoveryPublicKey\):\s+(\S+)/.exec(made.out)![1]!;
    expect(statSync(at('key.json')).mode & 0o777).toBe(0o600);
    await exportUnder(publicKey, at('backup.json'));
    await exportUnder(undefined, at('plain-backup.json'));
  }, 120_000);

  it('opens a backup made under the policy into a new backup and readable records', async () => {
    const r = await recover(
      'open',
      ...['--backup', at('backup.json'), '--key', at('key.json'), '--out', at('recovered.json')],
      ...['--readable', at('records.json'), '--key-passphrase-file', at('key-pass')],
      ...['--new-passphrase-file', at('new-pass')],
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/records, all checked/);
    const readable = readFileSync(at('records.json'), 'utf8');
    for (const s of [SECRET.member, SECRET.note, SECRET.marker]) expect(readable).toContain(s);
    expect(statSync(at('records.json')).mode & 0o777).toBe(0o600);
    const db = freshDb();
    const imported = await importBackup(
      db,
      readFileSync(at('recovered.json'), 'utf8'),
      'lantern over the quiet harbour',
      realBackupCrypto,
    );
    expect(imported.written).toBeGreaterThan(5);

    // Outputs are never overwritten.
    const again = await recover(
      'open',
      ...['--backup', at('backup.json'), '--key', at('key.json'), '--out', at('recovered.json')],
      ...['--key-passphrase-file', at('key-pass'), '--new-passphrase-file', at('new-pass')],
    );
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/recovered\.json exists already/);
  });

  it('refuses a backup made without the policy, and a wrong key passphrase, with a message and no output', async () => {
    const plain = await recover(
      'open',
      ...['--backup', at('plain-backup.json'), '--key', at('key.json'), '--out', at('no.json')],
      ...['--key-passphrase-file', at('key-pass'), '--new-passphrase-file', at('new-pass')],
    );
    expect(plain.code).toBe(1);
    expect(plain.err).toMatch(/made without a clinic recovery key/);
    writeFileSync(at('wrong-pass'), 'not the key passphrase\n');
    const wrong = await recover(
      'open',
      ...['--backup', at('backup.json'), '--key', at('key.json'), '--out', at('no.json')],
      ...['--key-passphrase-file', at('wrong-pass'), '--new-passphrase-file', at('new-pass')],
    );
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/does not open the key file/);
    expect(() => statSync(at('no.json'))).toThrow();
  });
});
