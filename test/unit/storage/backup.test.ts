import { describe, expect, it, vi } from 'vitest';
import { FieldOpenError, WrongPassphraseError } from '../../../crypto/types';
import {
  createVault,
  fieldCipher,
  newHardwareKeyParams,
  unlockVault,
  unlockWithHardwareKey,
  wrapWithHardwareKey,
} from '../../../crypto';
import { VaultStore } from '../../../storage/vault-store';
import { exportBackup, importBackup, type ImportOps } from '../../../storage/backup';
import { BackupError, BackupPassphraseError } from '../../../storage/backup-format';
import { SEALED_TABLES, type SquircleDb } from '../../../storage/db';
import { MarkersRepo } from '../../../storage/markers-repo';
import { GroupsRepo } from '../../../storage/roster-repo';
import { sealEntity } from '../../../storage/sealed-table';
import { markerSpec } from '../../../storage/tables';
import {
  SECRET,
  TEST_COST,
  dbWithVault,
  dump,
  freshDb,
  plainMarker,
  populate,
  randomCipher,
  realBackupCrypto,
} from './support';

const PASS_A = 'passphrase of the old laptop';
const PASS_B = 'passphrase of the new laptop';
const digest = realBackupCrypto.digest;

async function source() {
  const { db, cipher } = await dbWithVault(PASS_A);
  const ids = await populate(db, cipher);
  const text = await exportBackup(db, { cipher, digest });
  return { db, cipher, ids, text };
}

/** A profile with its own vault and records: the target every failure must leave untouched. */
async function target() {
  const { db, cipher } = await dbWithVault(PASS_B);
  await new GroupsRepo(db, cipher).create({ name: 'Local group', kind: 'open', schedule: '', coLeaders: [] });
  return { db, cipher, ops: { ...realBackupCrypto, current: cipher } satisfies ImportOps };
}

async function sealedDump(db: SquircleDb) {
  const d = JSON.parse(await dump(db)) as Record<string, unknown>;
  return SEALED_TABLES.map((t) => d[t]);
}

const edit = (text: string, change: (file: Record<string, unknown>) => void): string => {
  const file = JSON.parse(text) as Record<string, unknown>;
  change(file);
  return JSON.stringify(file);
};

async function expectRefused(
  text: string,
  passphrase: string,
  match: { cls: new (...a: never[]) => Error; message: RegExp; problem?: string },
) {
  const { db, ops } = await target();
  const before = await dump(db);
  const err = await importBackup(db, text, passphrase, ops).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(match.cls);
  expect((err as Error).message).toMatch(match.message);
  if (match.problem) expect((err as BackupError).problem).toBe(match.problem);
  expect(await dump(db)).toBe(before);
}

describe('backup export', () => {
  it('writes a versioned file with the wrapped key, sealed rows and a mac, and no plaintext', async () => {
    const { db, text } = await source();
    const file = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(file).sort()).toEqual(['createdAt', 'format', 'mac', 'tables', 'v', 'wrapped']);
    expect(file).toMatchObject({ format: 'squircle-backup', v: 1, wrapped: (await db.vault.get('vault'))!.wrapped });
    expect(Object.keys(file.tables as object).sort()).toEqual([...SEALED_TABLES].sort());
    for (const s of Object.values(SECRET)) expect(text).not.toContain(s);
  });

  it('refuses a profile without a vault', async () => {
    await expect(exportBackup(freshDb(), { cipher: randomCipher(), digest })).rejects.toMatchObject({
      problem: 'no-vault',
    });
  });

  it('reports progress up to the total', async () => {
    const { db, cipher } = await dbWithVault(PASS_A);
    const markers = new MarkersRepo(db, cipher);
    const rows = Array.from({ length: 1200 }, (_, i) =>
      sealEntity(markerSpec, cipher, plainMarker({ id: `m-${i}`, sessionId: 's', at: i, updatedAt: i })),
    );
    await db.markers.bulkPut(rows);
    expect((await markers.listBySession('s')).length).toBe(1200);
    const calls: [number, number][] = [];
    await exportBackup(db, { cipher, digest }, (d, t) => calls.push([d, t]));
    expect(calls).toEqual([
      [1000, 1200],
      [1200, 1200],
    ]);
  });
});

describe('backup import', () => {
  it('into a fresh profile: adopts the wrapped key and rows byte for byte; opens with the old passphrase', async () => {
    const src = await source();
    const db = freshDb();
    const calls: [number, number][] = [];
    const result = await importBackup(db, src.text, PASS_A, realBackupCrypto, (d, t) => calls.push([d, t]));
    expect(result).toEqual({ mode: 'adopted', written: 14, kept: 0 });
    expect(calls.at(-1)).toEqual([28, 28]);
    expect(await sealedDump(db)).toEqual(await sealedDump(src.db));
    const wrapped = (await db.vault.get('vault'))!.wrapped;
    expect(wrapped).toEqual((await src.db.vault.get('vault'))!.wrapped);
    const cipher = fieldCipher(await unlockVault(PASS_A, wrapped));
    expect((await new MarkersRepo(db, cipher).get(src.ids.marker.id))?.text).toBe(SECRET.marker);
  });

  it('a backup made while a security key was required still needs that key in the new profile', async () => {
    const prf = new Uint8Array(32).fill(9);
    const db0 = freshDb();
    const { vaultKey } = await createVault(PASS_A, TEST_COST);
    const keyed = await wrapWithHardwareKey(PASS_A, vaultKey, prf, newHardwareKeyParams(new Uint8Array(16)), TEST_COST);
    await new VaultStore(db0).putWrapped(keyed);
    const cipher = fieldCipher(vaultKey);
    const ids = await populate(db0, cipher);
    const text = await exportBackup(db0, { cipher, digest });
    const withKey: ImportOps = {
      digest,
      openVault: async (passphrase, wrapped) => ({
        cipher: fieldCipher(await unlockWithHardwareKey(passphrase, wrapped, prf)),
        close: () => {},
      }),
    };
    const db = freshDb();
    await importBackup(db, text, PASS_A, withKey);
    const restored = (await db.vault.get('vault'))!.wrapped;
    expect(restored).toEqual(keyed);
    await expect(unlockVault(PASS_A, restored)).rejects.toThrow(WrongPassphraseError);
    const opened = fieldCipher(await unlockWithHardwareKey(PASS_A, restored, prf));
    expect((await new MarkersRepo(db, opened).get(ids.marker.id))?.text).toBe(SECRET.marker);
  });

  it('into a profile with another vault: re-seals under that vault and merges by id, newer wins', async () => {
    const src = await source();
    const { db, cipher, ops } = await target();
    const vaultBefore = await db.vault.get('vault');
    expect(await importBackup(db, src.text, PASS_A, ops)).toEqual({ mode: 'merged', written: 14, kept: 0 });
    expect(await db.vault.get('vault')).toEqual(vaultBefore);
    expect((await new MarkersRepo(db, cipher).get(src.ids.marker.id))?.text).toBe(SECRET.marker);
    expect((await new GroupsRepo(db, cipher).list()).map((g) => g.name)).toEqual(['Local group', SECRET.group]);
    await expect(new MarkersRepo(db, src.cipher).get(src.ids.marker.id)).rejects.toBeInstanceOf(FieldOpenError);

    // Later: the marker changes at the source, the group changes here; each side's newer copy wins.
    await new MarkersRepo(src.db, src.cipher, () => Date.now() + 60_000).update(src.ids.marker.id, {
      text: 'edited at the source',
    });
    await new GroupsRepo(db, cipher, () => Date.now() + 120_000).update(src.ids.group.id, { name: 'renamed here' });
    const again = await exportBackup(src.db, { cipher: src.cipher, digest });
    expect(await importBackup(db, again, PASS_A, ops)).toEqual({ mode: 'merged', written: 1, kept: 13 });
    expect((await new MarkersRepo(db, cipher).get(src.ids.marker.id))?.text).toBe('edited at the source');
    expect((await new GroupsRepo(db, cipher).get(src.ids.group.id))?.name).toBe('renamed here');
  });

  it('a truncated file: not a complete backup, nothing changes', async () => {
    const { text } = await source();
    const half = text.slice(0, Math.floor(text.length / 2));
    await expectRefused(half, PASS_A, {
      cls: BackupError,
      message: /not a complete Squircle backup/,
      problem: 'incomplete',
    });
    await expectRefused('', PASS_A, { cls: BackupError, message: /not a complete Squircle backup/ });
    await expectRefused('{"hello":"world"}', PASS_A, { cls: BackupError, message: /not a complete Squircle backup/ });
    await expectRefused(
      edit(text, (f) => delete f.mac),
      PASS_A,
      { cls: BackupError, message: /not a complete Squircle backup/ },
    );
  });

  it('a newer format: asks to update first, nothing changes', async () => {
    const { text } = await source();
    await expectRefused(
      edit(text, (f) => (f.v = 2)),
      PASS_A,
      {
        cls: BackupError,
        message: /newer version of Squircle; update Squircle first/,
        problem: 'newer-version',
      },
    );
  });

  it('a wrong passphrase: a WrongPassphraseError that says which passphrase, nothing changes', async () => {
    const { text } = await source();
    await expectRefused(text, 'not the passphrase', {
      cls: BackupPassphraseError,
      message: /does not open this backup/,
    });
    await expectRefused(text, PASS_B, {
      cls: WrongPassphraseError,
      message: /vault passphrase that was in use when the backup was made/,
    });
  });

  it('a flipped character in a body: damaged, nothing changes', async () => {
    const { text } = await source();
    const flipped = edit(text, (f) => {
      const row = (f.tables as Record<string, { body: string }[]>).markers![0]!;
      const i = 40;
      row.body = row.body.slice(0, i) + (row.body[i] === 'A' ? 'B' : 'A') + row.body.slice(i + 1);
    });
    await expectRefused(flipped, PASS_A, { cls: BackupError, message: /changed or damaged/, problem: 'damaged' });
  });

  it('a changed clear column, createdAt or wrapped key: refused, nothing changes', async () => {
    const { text } = await source();
    const moved = edit(text, (f) => {
      const m = (f.tables as Record<string, { deleted: number }[]>).markers![0]!;
      m.deleted = m.deleted === 0 ? 1 : 0;
    });
    await expectRefused(moved, PASS_A, { cls: BackupError, message: /changed or damaged/ });
    await expectRefused(
      edit(text, (f) => (f.createdAt = 1)),
      PASS_A,
      { cls: BackupError, message: /changed or damaged/ },
    );
    const otherBox = edit(text, (f) => {
      const w = f.wrapped as { box: string };
      w.box = (w.box[0] === 'A' ? 'B' : 'A') + w.box.slice(1);
    });
    await expectRefused(otherBox, PASS_A, { cls: WrongPassphraseError, message: /does not open this backup/ });
  });

  it('a bad mac: damaged, nothing changes', async () => {
    const { text } = await source();
    const src = JSON.parse(text) as { mac: string };
    const foreign = await exportBackup((await dbWithVault(PASS_A)).db, { cipher: randomCipher(), digest });
    await expectRefused(
      edit(text, (f) => (f.mac = (JSON.parse(foreign) as { mac: string }).mac)),
      PASS_A,
      { cls: BackupError, message: /changed or damaged/ },
    );
    await expectRefused(
      edit(text, (f) => (f.mac = src.mac.slice(4))),
      PASS_A,
      { cls: BackupError, message: /changed or damaged/ },
    );
  });

  it('a row that does not open, even under a good mac: damaged and named, nothing changes', async () => {
    const { db, cipher } = await dbWithVault(PASS_A);
    await populate(db, cipher);
    const stray = sealEntity(markerSpec, randomCipher(), plainMarker({ id: 'stray' }));
    await db.markers.put(stray);
    const text = await exportBackup(db, { cipher, digest });
    await expectRefused(text, PASS_A, { cls: BackupError, message: /markers\/stray does not open/ });
  });

  it('a failure while writing rolls everything back', async () => {
    const { text } = await source();
    const { db, ops } = await target();
    const before = await dump(db);
    const spy = vi.spyOn(db.table('notes'), 'bulkPut').mockRejectedValueOnce(new Error('disk full'));
    await expect(importBackup(db, text, PASS_A, ops)).rejects.toThrow('disk full');
    expect(spy).toHaveBeenCalled();
    expect(await dump(db)).toBe(before);
  });

  it('a locked profile, or records without a vault: refused before asking for the key', async () => {
    const { text } = await source();
    const { db } = await target();
    const openVault = vi.fn(realBackupCrypto.openVault);
    await expect(importBackup(db, text, PASS_A, { ...realBackupCrypto, openVault })).rejects.toMatchObject({
      problem: 'locked',
    });
    const orphan = freshDb();
    await orphan.scratch.put({ id: 'scratch', v: 1, updatedAt: 1, body: new Uint8Array(80) });
    const before = await dump(orphan);
    await expect(importBackup(orphan, text, PASS_A, { ...realBackupCrypto, openVault })).rejects.toMatchObject({
      problem: 'profile-conflict',
    });
    expect(await dump(orphan)).toBe(before);
    expect(openVault).not.toHaveBeenCalled();
  });
});
