// The promise of encryption at rest, checked on real rows: outside the sealed
// body there is no name, no text, nothing a person wrote.
import { describe, expect, it } from 'vitest';
import { SEALED_TABLES } from '../../../storage/db';
import { MarkersRepo } from '../../../storage/markers-repo';
import { SECRET, freshDb, populate, randomCipher } from './support';

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
const needles = Object.values(SECRET)
  .flatMap((s) => [s, ...s.split(/\s+/).filter((w) => w.length >= 5)])
  .map(fold);

describe('clear columns', () => {
  it('hold no clinical text in any table, and bodies hold no plaintext either', async () => {
    const db = freshDb();
    await populate(db, randomCipher());
    let rowsSeen = 0;
    for (const table of SEALED_TABLES) {
      const rows = await db.table(table).toArray();
      expect(rows.length, table).toBeGreaterThan(0);
      for (const row of rows as Record<string, unknown>[]) {
        rowsSeen++;
        const { body, ...clear } = row;
        const clearText = fold(JSON.stringify(clear));
        for (const n of needles) expect(clearText, `${table} clear columns`).not.toContain(n);
        const bodyText = fold(
          Buffer.from(body as Uint8Array).toString('latin1') + Buffer.from(body as Uint8Array).toString('utf8'),
        );
        for (const n of needles) expect(bodyText, `${table} body`).not.toContain(n);
      }
    }
    expect(rowsSeen).toBe(SEALED_TABLES.length);
  });

  it('clear columns are only ids, numbers, codes and 0/1 flags', async () => {
    const db = freshDb();
    await populate(db, randomCipher());
    for (const table of SEALED_TABLES) {
      for (const row of (await db.table(table).toArray()) as Record<string, unknown>[]) {
        for (const [k, v] of Object.entries(row)) {
          if (k === 'body') continue;
          expect(typeof v === 'number' || (typeof v === 'string' && !/\s/.test(v)), `${table}.${k}=${String(v)}`).toBe(
            true,
          );
        }
      }
    }
  });

  it('hold no member id, category code, owner id or meeting hash: those are sealed, or keyed tags', async () => {
    const db = freshDb();
    const cipher = randomCipher();
    const ids = await populate(db, cipher);
    await new MarkersRepo(db, cipher).add({
      sessionId: ids.session.id,
      at: 1,
      wallAt: 1,
      category: 'risk.crisis',
      memberId: ids.member.id,
      text: 'x',
      auto: false,
      author: 'a',
    });
    const everywhere = [ids.member.id, ids.category.code, 'risk.crisis', 'c2FsdGVkLWhhc2g'];
    // A group's or client's random id is its own row's key and nothing else's.
    const owners = [ids.group.id, ids.client.id];
    for (const table of SEALED_TABLES) {
      for (const { body: _body, ...clear } of (await db.table(table).toArray()) as Record<string, unknown>[]) {
        const text = JSON.stringify(clear);
        for (const n of everywhere) expect(text, `${table}: ${n}`).not.toContain(n);
        if (table !== 'groups' && table !== 'clients')
          for (const n of owners) expect(text, `${table}: ${n}`).not.toContain(n);
      }
    }
  });
});
