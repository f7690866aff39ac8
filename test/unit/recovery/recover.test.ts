// The recovery tool's core on real backups: a vault created under a clinic recovery policy (VaultService,
// as the panel runs it), real records, the real export; then opened with the clinic's key, not the passphrase.
import { describe, expect, it } from 'vitest';
import { fromBase64, newBoxKeyPair, toBase64 } from '../../../crypto';
import { VaultService } from '../../../ext/panel/vault-service';
import { RecoverError, openWithClinicKey } from '../../../recovery/recover';
import { exportBackup, importBackup } from '../../../storage/backup';
import { BackupError, BackupPassphraseError } from '../../../storage/backup-format';
import { SEALED_TABLES } from '../../../storage/db';
import { NotesRepo } from '../../../storage/notes-repo';
import { SECRET, TEST_COST, freshDb, populate, realBackupCrypto } from '../storage/support';

const PASS = 'the departed clinician passphrase';
const NEW_PASS = 'the clinic chose this one';

/** A profile as the panel leaves it: vault created while the policy named `clinicKey`, records, a backup. */
async function backupUnder(clinicKey: string | undefined) {
  const db = freshDb();
  const vault = new VaultService(db, { recoveryKey: () => clinicKey });
  await vault.create(PASS);
  const ids = await populate(db, vault.fields());
  const text = await exportBackup(db, { cipher: vault.fields(), digest: realBackupCrypto.digest });
  await vault.lock();
  return { text, ids };
}

const edit = (text: string, change: (file: Record<string, unknown>) => void): string => {
  const file = JSON.parse(text) as Record<string, unknown>;
  change(file);
  return JSON.stringify(file);
};

describe('opening a backup with the clinic recovery key', () => {
  it('opens every record without the passphrase, and writes a backup that imports under a new one', async () => {
    const clinic = newBoxKeyPair();
    const { text, ids } = await backupUnder(toBase64(clinic.publicKey));
    expect(JSON.parse(text).recovery.to).toBe(toBase64(clinic.publicKey));

    const recovered = await openWithClinicKey(text, clinic.secretKey);
    const all = JSON.stringify(recovered.records);
    for (const s of Object.values(SECRET)) expect(text).not.toContain(s);
    for (const s of [SECRET.group, SECRET.member, SECRET.marker, SECRET.note, SECRET.scratch, SECRET.message]) {
      expect(all).toContain(s);
    }
    expect(Object.keys(recovered.records.tables).sort()).toEqual([...SEALED_TABLES].sort());
    expect(recovered.records.tables.notes).toEqual([expect.objectContaining({ id: ids.note.id })]);
    expect(recovered.count).toBe(SEALED_TABLES.reduce((n, t) => n + recovered.records.tables[t].length, 0));

    const rewritten = await recovered.withPassphrase(NEW_PASS, TEST_COST);
    recovered.close();
    // The old passphrase no longer opens the new file; the new one does, in a fresh profile.
    await expect(importBackup(freshDb(), rewritten, PASS, realBackupCrypto)).rejects.toThrow(BackupPassphraseError);
    const db = freshDb();
    const result = await importBackup(db, rewritten, NEW_PASS, realBackupCrypto);
    expect(result.mode).toBe('adopted');
    expect(result.written).toBe(recovered.count);
    const vault = new VaultService(db);
    await vault.unlock(NEW_PASS);
    const note = await new NotesRepo(db, vault.fields()).get(ids.note.sessionId, 'group-process');
    expect(note?.fields.themes).toBe(SECRET.note);
    // The recovered backup is still sealed to the clinic: it can be recovered again.
    expect(JSON.parse(rewritten).recovery).toEqual(JSON.parse(text).recovery);
  });

  it('a backup made without the policy cannot be opened by the tool', async () => {
    const { text } = await backupUnder(undefined);
    expect(JSON.parse(text)).not.toHaveProperty('recovery');
    await expect(openWithClinicKey(text, newBoxKeyPair().secretKey)).rejects.toMatchObject({
      name: 'RecoverError',
      problem: 'no-recovery',
    });
  });

  it('another clinic key is refused, naming the key the backup is sealed to', async () => {
    const clinic = newBoxKeyPair();
    const { text } = await backupUnder(toBase64(clinic.publicKey));
    const err = await openWithClinicKey(text, newBoxKeyPair().secretKey).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecoverError);
    expect((err as RecoverError).problem).toBe('other-key');
    expect((err as Error).message).toMatch(/sealed to the recovery key [0-9A-F]{4}-/);
  });

  it('a changed record, a swapped recovery record or a broken file is refused as such', async () => {
    const clinic = newBoxKeyPair();
    const { text } = await backupUnder(toBase64(clinic.publicKey));
    const flipped = edit(text, (f) => {
      const rows = (f.tables as Record<string, { body: string }[]>).notes!;
      const body = fromBase64(rows[0]!.body);
      body[body.length - 1]! ^= 1;
      rows[0]!.body = toBase64(body);
    });
    await expect(openWithClinicKey(flipped, clinic.secretKey)).rejects.toMatchObject({ problem: 'damaged' });

    // A record sealing some other key to the clinic opens, but the backup's seal then fails.
    const other = await backupUnder(toBase64(clinic.publicKey));
    const swapped = edit(text, (f) => (f.recovery = JSON.parse(other.text).recovery));
    await expect(openWithClinicKey(swapped, clinic.secretKey)).rejects.toMatchObject({ problem: 'damaged' });

    const broken = edit(text, (f) => (f.recovery = { ...JSON.parse(text).recovery, box: 'AAAA' }));
    await expect(openWithClinicKey(broken, clinic.secretKey)).rejects.toThrow(BackupError);
    await expect(openWithClinicKey('{"format":"squircle', clinic.secretKey)).rejects.toMatchObject({
      problem: 'incomplete',
    });
  });
});
