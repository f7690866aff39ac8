// Every schema version the app has shipped upgrades to today's SquircleDb
// with every record intact and readable with the same key; an upgrade that
// fails midway leaves the old version as it was. Frozen databases live in
// test/fixtures/db/v<N>.json (README.md there says how to add one).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dexie, { type Version } from 'dexie';
import { describe, expect, it } from 'vitest';
import { FieldOpenError, type FieldCipher } from '../../../crypto/types';
import { SquircleDb } from '../../../storage/db';
import {
  READERS,
  WORDS,
  dbAtVersion,
  declaredVersions,
  loadRows,
  openVault,
  rowsOf,
  schemaOf,
  toJson,
  writeRecords,
  writeVault,
  type Check,
  type DbFixture,
} from '../../fixtures/db/records';

const FIXTURES = join(__dirname, '../../fixtures/db');
const VERSIONS = declaredVersions();
const CURRENT = Math.max(...VERSIONS);
const fixture = (v: number): DbFixture => JSON.parse(readFileSync(join(FIXTURES, `v${v}.json`), 'utf8')) as DbFixture;
const uniqueName = (what: string) => `${what}-${crypto.randomUUID()}`;

/** Reads every check back and returns what each reader gives now. */
async function readBack(db: SquircleDb, cipher: FieldCipher, checks: Check[]): Promise<Check[]> {
  return Promise.all(checks.map(async (c) => ({ ...c, value: toJson(await READERS[c.reader](db, cipher, c.arg)) })));
}

/** Row counts per table: nothing lost, nothing added. */
const counts = (rows: Record<string, unknown[]>) =>
  Object.fromEntries(
    Object.entries(rows)
      .map(([t, r]) => [t, r.length])
      .filter(([, n]) => n !== 0),
  );

/** A database at version `v` holding a frozen fixture's rows, closed. */
async function frozenAt(v: number): Promise<{ name: string; f: DbFixture }> {
  const f = fixture(v);
  const name = uniqueName(`frozen-v${v}`);
  const old = dbAtVersion(name, v);
  await old.open();
  await loadRows(old, f.rows);
  old.close();
  return { name, f };
}

/** The raw IndexedDB version of a database (Dexie stores version × 10). */
async function idbVersion(name: string): Promise<number> {
  const all = await indexedDB.databases();
  return all.find((d) => d.name === name)?.version ?? 0;
}

/**
 * Today's SquircleDb plus one more version whose upgrade rewrites records,
 * deletes others, and then throws: an upgrade that fails midway.
 */
class FailingUpgradeDb extends SquircleDb {
  constructor(name: string) {
    super(name);
    this.version(CURRENT + 1)
      .stores({ scratch: 'id, updatedAt, v', upgradeProbe: 'id' })
      .upgrade(async (tx) => {
        await tx.table('upgradeProbe').add({ id: 'half-done' });
        await tx
          .table('scratch')
          .toCollection()
          .modify((row: { v: number }) => void (row.v = 99));
        if (CURRENT >= 2) await tx.table('markers').clear();
        throw new Error('the upgrade failed midway');
      });
  }
}

describe('schema versions', () => {
  it('every version storage/db.ts declares has a frozen fixture, and no fixture is for a version it lacks', () => {
    expect(VERSIONS).toEqual(VERSIONS.map((_, i) => i + 1));
    const files = readdirSync(FIXTURES)
      .map((f) => /^v(\d+)\.json$/.exec(f)?.[1])
      .filter((n): n is string => !!n)
      .map(Number)
      .sort((a, b) => a - b);
    // A new version needs its fixture: `npx vite-node test/fixtures/db/generate.ts <N>` (test/fixtures/db/README.md).
    expect(files).toEqual(VERSIONS);
    expect(existsSync(join(FIXTURES, 'README.md'))).toBe(true);
  });

  it('dbAtVersion declares only the versions asked for', async () => {
    for (const v of VERSIONS) {
      const db = dbAtVersion(uniqueName('at'), v);
      await db.open();
      expect(db.verno).toBe(v);
      expect(await idbVersion(db.name)).toBe(v * 10);
      db.close();
      await db.delete();
    }
  });
});

describe.each(VERSIONS)('a database frozen at version %i', (v) => {
  it('has the schema db.ts still declares for that version (released schemas are never edited)', async () => {
    const f = fixture(v);
    expect(f.version).toBe(v);
    const db = dbAtVersion(uniqueName('schema'), v);
    await db.open();
    expect(await schemaOf(db)).toEqual(f.schema);
    db.close();
    await db.delete();
  });

  it(`upgrades to today's version (${CURRENT}) with every record intact and readable with the same key`, async () => {
    const { name, f } = await frozenAt(v);
    // The fixture is not trivial: the words people wrote are in what it reads back.
    const expected = JSON.stringify(f.checks);
    for (const w of [
      WORDS.scratch,
      ...(v >= 2 ? [WORDS.group, WORDS.member, WORDS.marker, WORDS.note] : []),
      ...(v >= 5 ? [WORDS.location] : []),
    ]) {
      expect(expected).toContain(JSON.stringify(w).slice(1, -1));
    }
    const db = new SquircleDb(name);
    await db.open();
    expect(db.verno).toBe(CURRENT);
    expect(await idbVersion(name)).toBe(CURRENT * 10);
    const cipher = await openVault(db);
    expect(await readBack(db, cipher, f.checks)).toEqual(f.checks);
    expect(counts(await rowsOf(db))).toEqual(counts(f.rows));
    // Tables added after version v exist and are empty.
    expect(db.tables.map((t) => t.name).sort()).toEqual(Object.keys(await schemaOf(db)).sort());
    db.close();
    await db.delete();
  });

  it('written today with the real repositories at that version, upgrades the same way', async () => {
    const name = uniqueName(`live-v${v}`);
    const old = dbAtVersion(name, v);
    await old.open();
    const checks = await writeRecords(old, await writeVault(old), v);
    const before = await rowsOf(old);
    old.close();
    const db = new SquircleDb(name);
    await db.open();
    expect(await readBack(db, await openVault(db), checks)).toEqual(checks);
    // Today's upgrades move no data: every row is byte for byte what was written.
    const after = await rowsOf(db);
    for (const [table, rows] of Object.entries(before)) expect(after[table]).toEqual(rows);
    db.close();
    await db.delete();
  });

  it('an upgrade that fails midway leaves version ' + v + ' as it was, usable with its old declaration', async () => {
    const { name, f } = await frozenAt(v);
    const failing = new FailingUpgradeDb(name);
    await expect(failing.open()).rejects.toThrow(/the upgrade failed midway/);
    failing.close();
    // Nothing of the failed upgrade is left: not the version, the new table, nor a changed or deleted row.
    expect(await idbVersion(name)).toBe(v * 10);
    const old = dbAtVersion(name, v);
    await old.open();
    expect(old.tables.some((t) => t.name === 'upgradeProbe')).toBe(false);
    expect(await rowsOf(old)).toEqual(f.rows);
    expect(await readBack(old, await openVault(old), f.checks)).toEqual(f.checks);
    old.close();
    // …and the real upgrade still runs afterwards.
    const db = new SquircleDb(name);
    await db.open();
    expect(await readBack(db, await openVault(db), f.checks)).toEqual(f.checks);
    db.close();
    await db.delete();
  });
});

describe('keyed indexes: a version 5 database after the upgrade and the first unlock', () => {
  /** Every clear value of every row (bodies left out) of the tables named, or of all but those in `except`. */
  const clearText = async (db: SquircleDb, except: string[] = []) =>
    JSON.stringify(
      Object.entries(await rowsOf(db))
        .filter(([t]) => !except.includes(t))
        .flatMap(([, rows]) => (rows as Record<string, unknown>[]).map(({ body: _body, ...clear }) => clear)),
    );
  const argsOf = (f: DbFixture, reader: string) => f.checks.filter((c) => c.reader === reader).map((c) => c.arg);
  // A group's or client's own row (and a group's co-leader channel) keeps its random id: nothing else names it.
  const OWN_ROWS = ['groups', 'clients', 'channels'];

  it('keeps member ids, category codes and meeting hashes sealed; owner ids only on their own rows', async () => {
    const { name, f } = await frozenAt(5);
    const memberIds = argsOf(f, 'member');
    const owners = [...argsOf(f, 'group'), ...argsOf(f, 'client')];
    const codes = [
      (f.checks.find((c) => c.reader === 'categories')!.value as { code: string }[])[0]!.code,
      'auto.left',
    ];
    const needles = [...memberIds, ...codes, 'c2FsdGVkLWhhc2g'];
    // The fixture really had them in the clear: the test would see them.
    const before = JSON.stringify(f.rows);
    for (const n of [...needles, ...owners]) expect(before).toContain(n);

    const db = new SquircleDb(name);
    await db.open();
    // Before any unlock, the columns that carried owner, category, time and meeting are gone already.
    const locked = await clearText(db, OWN_ROWS);
    for (const n of [codes[1]!, 'c2FsdGVkLWhhc2g', ...argsOf(f, 'client')]) expect(locked, n).not.toContain(n);
    expect(await db.meta.get('rows-upgrade-due')).toBeDefined();

    const cipher = await openVault(db);
    const everywhere = await clearText(db);
    for (const n of needles) expect(everywhere, n).not.toContain(n);
    const elsewhere = await clearText(db, OWN_ROWS);
    for (const n of owners) expect(elsewhere, n).not.toContain(n);
    expect(await db.meta.get('rows-upgrade-due')).toBeUndefined();
    expect(await readBack(db, cipher, f.checks)).toEqual(f.checks);
    // A second unlock finds nothing left to do and changes nothing.
    const rows = await rowsOf(db);
    await openVault(db);
    expect(await rowsOf(db)).toEqual(rows);
    db.close();
    await db.delete();
  });
});

describe('the checks above can fail', () => {
  it('a migration that damages one record is caught by reading it back', async () => {
    const { name, f } = await frozenAt(CURRENT);
    class Damaging extends SquircleDb {
      constructor(n: string) {
        super(n);
        this.version(CURRENT + 1)
          .stores({})
          .upgrade(async (tx) => {
            await tx
              .table('scratch')
              .where('id')
              .equals('scratch')
              .modify((row: { body: Uint8Array }) => void (row.body[row.body.length - 1]! ^= 1));
          });
      }
    }
    const db = new Damaging(name);
    await db.open();
    await expect(readBack(db, await openVault(db), f.checks)).rejects.toBeInstanceOf(FieldOpenError);
    db.close();
    await db.delete();
  });

  it('the failing upgrade has written before it throws (so a rollback is what keeps the data)', async () => {
    const { name } = await frozenAt(CURRENT);
    const seen: string[] = [];
    // The same upgrade, observed: the writes happen inside the upgrade transaction, then it throws.
    class Observed extends FailingUpgradeDb {
      override version(n: number): Version {
        const real = super.version(n);
        if (n !== CURRENT + 1) return real;
        const upgrade = real.upgrade.bind(real);
        real.upgrade = (fn) =>
          upgrade(async (tx) => {
            try {
              await fn(tx);
            } finally {
              seen.push(`probe rows: ${await tx.table('upgradeProbe').count()}`);
              seen.push(`scratch v: ${(await tx.table('scratch').toArray()).map((r: { v: number }) => r.v).join(',')}`);
            }
          });
        return real;
      }
    }
    await expect(new Observed(name).open()).rejects.toThrow(/midway/);
    expect(seen).toEqual(['probe rows: 1', expect.stringMatching(/^scratch v: 99(,99)*$/)]);
    await Dexie.delete(name);
  });
});
