import { describe, expect, it } from 'vitest';
import { SEALED_TABLES, type MarkerRow, type SquircleDb } from '../../../storage/db';
import { checkLedger, rebuildLedger, startLedger } from '../../../storage/ledger';
import { MarkersRepo, type MarkerInput } from '../../../storage/markers-repo';
import { applyRetention, DAY_MS } from '../../../storage/retention';
import { SessionsRepo } from '../../../storage/sessions-repo';
import { freshDb, randomCipher } from './support';

const NOW = 1_700_000_000_000;

async function setup() {
  const db = freshDb();
  const cipher = randomCipher();
  db.integrity.cipher = cipher;
  const seqs: number[] = [];
  db.integrity.committed = (seq) => seqs.push(seq);
  await startLedger(db, cipher, SEALED_TABLES);
  let t = NOW;
  const now = () => (t += 10);
  const sessions = new SessionsRepo(db, cipher, now);
  const markers = new MarkersRepo(db, cipher, now);
  const session = await sessions.start({
    ownerKind: 'group',
    ownerId: 'g-1',
    platform: 'meet',
    meetingHash: 'h1',
    startedAt: NOW,
  });
  const mark = (text: string, category = 'presence'): MarkerInput => ({
    sessionId: session.id,
    at: 1000,
    wallAt: NOW + 1000,
    category,
    memberId: null,
    text,
    auto: false,
    author: 'device-a',
  });
  const check = (opts: { mark?: number; retentionCutoff?: number } = {}) =>
    checkLedger(db, cipher, SEALED_TABLES, opts);
  return { db, cipher, sessions, markers, session, mark, check, seqs };
}

/** What someone with the profile on disk and no key can do: copy rows and put them back, delete them. */
const rawMarker = (db: SquircleDb, key: string) => db.markers.get(key);

describe('the integrity ledger', () => {
  it('agrees with every write made through the repositories, and counts each in seq once committed', async () => {
    const { markers, mark, check, seqs } = await setup();
    const m = await markers.add(mark('first'));
    await markers.update(m.id, { text: 'edited' });
    await markers.softDelete(m.id);
    await markers.add(mark('second'));
    const result = await check();
    expect(result.findings).toEqual([]);
    expect(seqs.length).toBeGreaterThanOrEqual(5);
    expect(result.seq).toBe(Math.max(...seqs));
  });

  it('reports a row put back to an older copy of itself, in its session', async () => {
    const { db, cipher, markers, mark, check, session } = await setup();
    const m = await markers.add(mark('calm'));
    const old = (await rawMarker(db, m.id)) as MarkerRow;
    await markers.update(m.id, { text: 'said she has a plan' });
    // Between two runs, the older row is written back on disk (no key involved, no ledger update).
    db.integrity.cipher = undefined;
    await db.markers.put(old);
    db.integrity.cipher = cipher;
    const { findings } = await check();
    expect(findings).toEqual([{ kind: 'rows', table: 'markers', sessionId: session.id, expected: 1, found: 1 }]);
  });

  it('reports a deleted risk marker, and keeps reporting it until the user accepts the rows as they are', async () => {
    const { db, cipher, markers, mark, check, session } = await setup();
    await markers.add(mark('ok'));
    const risk = await markers.add(mark('risk', 'risk.crisis'));
    db.integrity.cipher = undefined;
    await db.markers.delete(risk.id);
    db.integrity.cipher = cipher;
    const expected = [{ kind: 'rows', table: 'markers', sessionId: session.id, expected: 2, found: 1 }];
    expect((await check()).findings).toEqual(expected);
    // Later writes keep the difference: the bucket stays off by the missing row.
    await markers.add(mark('later'));
    expect((await check()).findings).toEqual([{ ...expected[0], expected: 3, found: 2 }]);
    await rebuildLedger(db, cipher, SEALED_TABLES);
    expect((await check()).findings).toEqual([]);
  });

  it('reports a whole database older than the seq written outside it', async () => {
    const { markers, mark, check } = await setup();
    await markers.add(mark('a'));
    const then = await check();
    await markers.add(mark('b'));
    const now = await check();
    expect(now.seq).toBeGreaterThan(then.seq);
    expect((await check({ mark: now.seq })).findings).toEqual([]);
    expect((await check({ mark: now.seq + 1 })).findings).toEqual([{ kind: 'older-copy' }]);
  });

  it('reports a ledger row that is gone or does not open, when the vault had one', async () => {
    const { db, check } = await setup();
    const seq = (await check()).seq;
    await db.ledger.delete('ledger');
    expect((await check({ mark: seq })).findings).toEqual([{ kind: 'no-ledger' }]);
    await db.ledger.put({ id: 'ledger', body: new Uint8Array(80) });
    expect((await check({ mark: seq })).findings).toEqual([{ kind: 'no-ledger' }]);
    // No ledger and no outside mark: a vault from before the ledger. It starts one.
    await db.ledger.delete('ledger');
    expect((await check()).findings).toEqual([]);
    expect(await db.ledger.get('ledger')).toBeDefined();
  });

  it('reports a bucket row of the ledger removed or put back to an older copy', async () => {
    const { db, markers, mark, check } = await setup();
    await markers.add(mark('a'));
    const seq = (await check()).seq;
    const old = await db.ledger.toArray();
    // The head and one row per bucket (the session's record, its markers): no row per marker.
    expect(old.map((r) => r.id === 'ledger')).toEqual(expect.arrayContaining([true, false, false]));
    expect(old.length).toBe(3);
    await markers.add(mark('b'));
    const now = await db.ledger.toArray();
    await db.ledger.bulkPut(old.filter((r) => r.id !== 'ledger'));
    expect((await check({ mark: seq })).findings).toEqual([{ kind: 'no-ledger' }]);
    await db.ledger.bulkPut(now);
    expect((await check({ mark: seq })).findings).toEqual([]);
    await db.ledger.delete(now.find((r) => r.id !== 'ledger')!.id);
    expect((await check({ mark: seq })).findings).toEqual([{ kind: 'no-ledger' }]);
  });

  it('accepts a session retention removed whole while locked, but not one inside the retention period', async () => {
    const { db, cipher, markers, sessions, mark, check } = await setup();
    await markers.add(mark('old session'));
    const recent = await sessions.start({
      ownerKind: 'group',
      ownerId: 'g-1',
      platform: 'meet',
      meetingHash: 'h2',
      startedAt: NOW + 40 * DAY_MS,
    });
    db.integrity.cipher = undefined;
    const deleted = await applyRetention(db, 30, NOW + 45 * DAY_MS);
    expect(deleted.deletedSessions).toBe(1);
    db.integrity.cipher = cipher;
    // With retention at 30 days the old session is accounted for, and the ledger starts again from here.
    expect((await check({ retentionCutoff: NOW + 15 * DAY_MS })).findings).toEqual([]);
    expect((await check()).findings).toEqual([]);
    // The recent session removed by hand is not retention's doing.
    db.integrity.cipher = undefined;
    await db.sessions.delete(recent.id);
    db.integrity.cipher = cipher;
    expect((await check({ retentionCutoff: NOW + 15 * DAY_MS })).findings).toEqual([
      { kind: 'rows', table: 'sessions', sessionId: recent.id, expected: 1, found: 0 },
    ]);
  });

  it('leaves the ledger as it was when the write is rolled back', async () => {
    const { db, markers, mark, check } = await setup();
    await markers.add(mark('kept'));
    const before = await check();
    await expect(
      db.transaction('rw', db.markers, async () => {
        await markers.add(mark('never kept'));
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const after = await check();
    expect(after).toEqual(before);
  });
});
