import { describe, expect, it } from 'vitest';
import { FieldOpenError } from '../../../crypto/types';
import type { Marker } from '../../../domain/types';
import type { MarkerRow } from '../../../storage/db';
import { SealedTable, definedOnly, fitsColumn, openEntity, sealEntity } from '../../../storage/sealed-table';
import { markerSpec, memberSpec } from '../../../storage/tables';
import { freshDb, randomCipher } from './support';

const marker = (over: Partial<Marker> = {}): Marker => ({
  id: 'm-1',
  sessionId: 's-1',
  at: 61_000,
  wallAt: 1_700_000_000_000,
  category: 'frame',
  memberId: null,
  text: 'noticed the frame slipping',
  auto: false,
  author: 'device-a',
  deleted: false,
  updatedAt: 5,
  ...over,
});

describe('sealed rows', () => {
  it('keep only index columns in the clear and open back to the same entity', () => {
    const cipher = randomCipher();
    const row = sealEntity(markerSpec, cipher, marker());
    expect(Object.keys(row).sort()).toEqual(['body', 'deleted', 'id', 'sessionId', 'updatedAt', 'v']);
    expect(row).toMatchObject({ id: 'm-1', sessionId: 's-1', deleted: 0, v: 2, updatedAt: 5 });
    expect(openEntity(markerSpec, cipher, row)).toEqual(marker());
  });

  it('a keyed table stores tags, not ids: its row key and group column depend on the vault key', () => {
    const member = { id: 'member-1', groupId: 'group-1', name: 'Avery', pronouns: '', archived: false, createdAt: 1 };
    const [a, b] = [randomCipher(), randomCipher()];
    const rowA = sealEntity(memberSpec, a, { ...member, updatedAt: 5 });
    const rowB = sealEntity(memberSpec, b, { ...member, updatedAt: 5 });
    for (const row of [rowA, rowB]) {
      expect(fitsColumn('tag', row.id)).toBe(true);
      expect(fitsColumn('tag', row.groupId)).toBe(true);
      expect(JSON.stringify({ ...row, body: null })).not.toMatch(/member-1|group-1/);
    }
    expect(rowA.id).not.toBe(rowB.id);
    expect(rowA.groupId).not.toBe(rowB.groupId);
    // The same id in another column gives another tag: a member's tag does not match its safety row's.
    expect(a.tag('members.id', 'x')).not.toBe(a.tag('safety.id', 'x'));
    expect(a.tag('members.id', 'member-1')).toBe(rowA.id);
    expect(openEntity(memberSpec, a, rowA).name).toBe('Avery');
    // A row whose tag was swapped for another member's does not open.
    const other = sealEntity(memberSpec, a, { ...member, id: 'member-2', updatedAt: 5 });
    expect(() => openEntity(memberSpec, a, { ...rowA, groupId: a.tag('members.groupId', 'group-2') })).toThrow(
      FieldOpenError,
    );
    expect(() => openEntity(memberSpec, a, { ...other, body: rowA.body })).toThrow(FieldOpenError);
  });

  it('a body moved to another id does not open, and the error names table and id', () => {
    const cipher = randomCipher();
    const a = sealEntity(markerSpec, cipher, marker({ id: 'm-1' }));
    const b = sealEntity(markerSpec, cipher, marker({ id: 'm-2' }));
    const moved: MarkerRow = { ...b, body: a.body };
    expect(() => openEntity(markerSpec, cipher, moved)).toThrow(FieldOpenError);
    expect(() => openEntity(markerSpec, cipher, moved)).toThrow('markers/m-2');
  });

  it('a body moved to another table or version does not open', () => {
    const cipher = randomCipher();
    const row = sealEntity(markerSpec, cipher, marker());
    expect(() => openEntity(markerSpec, cipher, { ...row, v: 3 })).toThrow(FieldOpenError);
    expect(() => openEntity(markerSpec, cipher, { ...row, v: 1 })).toThrow(FieldOpenError);
    const asMember = { id: row.id, v: 1, updatedAt: 5, groupId: 's-1', archived: 0 as const, body: row.body };
    expect(() => openEntity(memberSpec, cipher, asMember)).toThrow(FieldOpenError);
  });

  it('an edited clear column is detected: the sealed copy disagrees', () => {
    const cipher = randomCipher();
    const row = sealEntity(markerSpec, cipher, marker());
    for (const edit of [{ sessionId: 's-2' }, { deleted: 1 as const }, { updatedAt: 6 }]) {
      expect(() => openEntity(markerSpec, cipher, { ...row, ...edit })).toThrow(FieldOpenError);
    }
  });

  it('does not open under another key or with a flipped byte', () => {
    const row = sealEntity(markerSpec, randomCipher(), marker());
    expect(() => openEntity(markerSpec, randomCipher(), row)).toThrow(FieldOpenError);
    const cipher = randomCipher();
    const good = sealEntity(markerSpec, cipher, marker());
    const body = good.body.slice();
    body[body.length - 1]! ^= 1;
    expect(() => openEntity(markerSpec, cipher, { ...good, body })).toThrow(FieldOpenError);
  });

  it('refuses text in a clear column before sealing anything', () => {
    expect(() => sealEntity(markerSpec, randomCipher(), marker({ sessionId: 'Anna Smith' }))).toThrow(TypeError);
    expect(() => sealEntity(markerSpec, randomCipher(), marker({ id: 'talked about her mother' }))).toThrow(TypeError);
    expect(fitsColumn('tag', 'a'.repeat(22))).toBe(true);
    expect(fitsColumn('tag', 'risk.crisis')).toBe(false);
    expect(fitsColumn('flag', true)).toBe(false);
    expect(fitsColumn('time', Number.NaN)).toBe(false);
    expect(fitsColumn('hash', '')).toBe(true);
  });

  it('change() reads and writes in one go and says when the record is gone', async () => {
    const db = freshDb();
    const t = new SealedTable(db.markers, markerSpec, randomCipher());
    await t.put(marker());
    const changed = await t.change('m-1', (m) => ({ ...m, text: 'edited' }));
    expect(changed.text).toBe('edited');
    expect((await t.get('m-1'))?.text).toBe('edited');
    await expect(t.change('nope', (m) => m)).rejects.toThrow(/no record markers\/nope/);
  });

  it('definedOnly drops undefined values so a patch cannot erase a field', () => {
    expect(definedOnly({ a: 1, b: undefined, c: null })).toEqual({ a: 1, c: null });
  });
});
