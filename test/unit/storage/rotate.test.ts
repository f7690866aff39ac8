// Vault key rotation (issue 17 item 5): every sealed row, keyed index and the integrity ledger move to the new
// key in one transaction; an interrupted rotation leaves the database byte for byte as it was.
import { describe, expect, it } from 'vitest';
import { createVault, fieldCipher, newVaultKey } from '../../../crypto';
import { FieldOpenError } from '../../../crypto/types';
import { ChannelRepo } from '../../../storage/channel-repo';
import { SEALED_TABLES, type SquircleDb } from '../../../storage/db';
import { checkLedger, startLedger } from '../../../storage/ledger';
import { MarkersRepo } from '../../../storage/markers-repo';
import { MembersRepo } from '../../../storage/roster-repo';
import { PLAIN_SEALED_TABLES, rotateVaultKey, type RotationCipher } from '../../../storage/rotate';
import { SafetyRepo } from '../../../storage/safety-repo';
import { ScratchRepo } from '../../../storage/scratch-repo';
import { SessionsRepo } from '../../../storage/sessions-repo';
import { dbWithVault, dump, populate, SECRET, TEST_COST } from './support';

const PASS = 'a calm passphrase for tests';

async function setup() {
  const { db, cipher } = await dbWithVault(PASS);
  const from = cipher as RotationCipher;
  await startLedger(db, from, SEALED_TABLES);
  db.integrity.cipher = from;
  const ids = await populate(db, from);
  await new ChannelRepo(db, from).putBrokerAccount({ host: 'broker.example', username: 'u', password: 'p' });
  // Rotation runs with the ledger detached (every page locked).
  db.integrity.cipher = undefined;
  const next = await createVault('the new calm passphrase', TEST_COST);
  const to = fieldCipher(next.vaultKey);
  return { db, from, to, wrapped: next.wrapped, ids };
}

/** Every (table, id, nonce) on disk: a row sealed again has a new nonce, and a keyed id a new tag. */
async function stored(db: SquircleDb): Promise<Set<string>> {
  const out = new Set<string>();
  for (const t of [...SEALED_TABLES, ...PLAIN_SEALED_TABLES, 'ledger']) {
    for (const r of (await db.table(t).toArray()) as { id: string; body?: Uint8Array }[]) {
      out.add(`${t}/${r.id}`);
      if (r.body instanceof Uint8Array) out.add(`${t}/nonce/${Buffer.from(r.body.subarray(1, 25)).toString('hex')}`);
    }
  }
  return out;
}

describe('rotateVaultKey', () => {
  it('seals every row, keyed index and the ledger again under the new key; the old key opens none', async () => {
    const { db, from, to, wrapped, ids } = await setup();
    const before = await stored(db);
    const steps: [number, number][] = [];
    const result = await rotateVaultKey(db, { from, to, wrapped, onProgress: (d, n) => steps.push([d, n]) });

    // One of every record populate() writes (14) and the channel's broker accounts.
    const total = steps[0]![1];
    expect(total).toBe(15);
    expect(steps.at(-1)).toEqual([total, total]);
    expect(result).toMatchObject({ rows: total, unreadable: 0 });
    expect((await db.vault.get('vault'))?.wrapped).toEqual(wrapped);

    // No row, keyed id or nonce of before is left: every row carries its new key's tags and seal.
    const after = await stored(db);
    expect([...before].filter((k) => k.includes('/nonce/') && after.has(k))).toEqual([]);
    // Rows keyed by the tag of an id (members, categories, safety, the ledger's buckets) have all-new keys.
    const keyed = /^(members|categories|safety|ledger)\/(?!nonce\/|ledger$)/;
    expect([...before].filter((k) => keyed.test(k))).not.toEqual([]);
    expect([...before].filter((k) => keyed.test(k) && after.has(k))).toEqual([]);

    // Everything reads back under the new key, through the repositories and their keyed lookups.
    expect(await new ScratchRepo(db, to).load()).toBe(SECRET.scratch);
    expect((await new MembersRepo(db, to).listByGroup(ids.group.id)).map((m) => m.name)).toEqual([SECRET.member]);
    expect((await new MarkersRepo(db, to).listBySession(ids.session.id)).map((m) => m.text)).toEqual([SECRET.marker]);
    expect((await new SessionsRepo(db, to).get(ids.session.id))?.ownerId).toBe(ids.group.id);
    expect((await new SafetyRepo(db, to).screeningsFor(ids.member.id)).map((s) => s.notes)).toEqual([SECRET.screening]);
    expect((await new ChannelRepo(db, to).brokerAccounts()).map((a) => a.host)).toEqual(['broker.example']);
    // ...and nothing under the old one.
    await expect(new ScratchRepo(db, from).load()).rejects.toBeInstanceOf(FieldOpenError);
    expect(await new MembersRepo(db, from).listByGroup(ids.group.id)).toEqual([]);

    // The ledger is the new key's and agrees with the rows; its seq went on from the old one.
    const check = await checkLedger(db, to, SEALED_TABLES, { mark: result.ledgerSeq });
    expect(check.findings).toEqual([]);
    expect(result.ledgerSeq).toBeGreaterThan(1);
  });

  it('an interrupted rotation changes nothing: the old key still opens everything', async () => {
    const { db, from, to, wrapped, ids } = await setup();
    const bytes = await dump(db);
    const stop = new Error('the page was closed');
    await expect(
      rotateVaultKey(db, {
        from,
        to,
        wrapped,
        onProgress: (done) => {
          if (done > 5) throw stop;
        },
      }),
    ).rejects.toBe(stop);
    expect(await dump(db)).toBe(bytes);
    expect(await new ScratchRepo(db, from).load()).toBe(SECRET.scratch);
    expect((await new MembersRepo(db, from).listByGroup(ids.group.id)).map((m) => m.name)).toEqual([SECRET.member]);
    expect((await checkLedger(db, from, SEALED_TABLES)).findings).toEqual([]);
  });

  it('a row that did not open before is kept as it was and counted, not dropped', async () => {
    const { db, from, to, wrapped } = await setup();
    const foreign = fieldCipher(newVaultKey());
    const body = foreign.seal('sealed under some other key', { table: 'scratch', id: 'odd', v: 1 });
    await db.scratch.put({ id: 'odd', v: 1, updatedAt: 1, body });
    const result = await rotateVaultKey(db, { from, to, wrapped });
    expect(result.unreadable).toBe(1);
    expect((await db.scratch.get('odd'))?.body).toEqual(body);
    expect(await new ScratchRepo(db, to).load()).toBe(SECRET.scratch);
  });
});
