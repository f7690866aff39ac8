// The small parts of storage/ the repositories stand on: backup base64, clear-column kinds,
// the active session pointer, the scratch note, backchannel messages and change notices.
import { describe, expect, it } from 'vitest';
import { FieldOpenError } from '../../../crypto/types';
import type { BackchannelMessage } from '../../../domain/types';
import { activeSessionId, setActiveSession } from '../../../storage/active-session';
import { base64ToBytes, bytesToBase64 } from '../../../storage/base64';
import { MessagesRepo } from '../../../storage/messages-repo';
import { ScratchRepo } from '../../../storage/scratch-repo';
import { fitsColumn, flag } from '../../../storage/sealed-table';
import { onTableChanged } from '../../../storage/table-changes';
import { freshDb, randomCipher } from './support';

describe('backup base64', () => {
  it('writes standard padded base64, also past one 32 KiB chunk', () => {
    expect(bytesToBase64(new Uint8Array(0))).toBe('');
    expect(bytesToBase64(Uint8Array.of(0xfb, 0xff))).toBe('+/8=');
    expect(bytesToBase64(Uint8Array.of(1, 2, 3, 4))).toBe('AQIDBA==');
    const big = Uint8Array.from({ length: 0x8000 * 2 + 5 }, (_, i) => (i * 7) % 256);
    expect(bytesToBase64(big)).toBe(Buffer.from(big).toString('base64'));
    expect(base64ToBytes(bytesToBase64(big))).toEqual(big);
  });

  it('reads only the canonical form', () => {
    expect(base64ToBytes('')).toEqual(new Uint8Array(0));
    expect(base64ToBytes('+/8=')).toEqual(Uint8Array.of(0xfb, 0xff));
    expect(base64ToBytes('AQIDBA==')).toEqual(Uint8Array.of(1, 2, 3, 4));
    // Unpadded, stray bits, whitespace, url-safe letters, junk around it: another form, refused.
    for (const bad of ['AQIDBA', 'AQIDBB==', '+/9=', 'AQID BA==', '-_8=', 'xAQIDBA==', 'AQIDBA==x', '=', 'A===']) {
      expect(base64ToBytes(bad)).toBeUndefined();
    }
  });
});

describe('clear-column kinds', () => {
  it('take ids and codes without spaces up to their length, finite times and 0/1 flags', () => {
    expect(fitsColumn('id', 'a'.repeat(128))).toBe(true);
    expect(fitsColumn('id', 'a'.repeat(129))).toBe(false);
    expect(fitsColumn('id', '')).toBe(false);
    expect(fitsColumn('id', 'note:1_a.b-c')).toBe(true);
    expect(fitsColumn('id', 'two words')).toBe(false);
    expect(fitsColumn('id', 7)).toBe(false);
    expect(fitsColumn('code', 'custom:' + 'x'.repeat(57))).toBe(true);
    expect(fitsColumn('code', 'x'.repeat(65))).toBe(false);
    expect(fitsColumn('code', '')).toBe(false);
    expect(fitsColumn('code', 'Talked about it')).toBe(false);
    expect(fitsColumn('code', 1)).toBe(false);
    expect(fitsColumn('hash', 'q83v/+=_-'.repeat(28).slice(0, 256))).toBe(true);
    expect(fitsColumn('hash', 'a'.repeat(257))).toBe(false);
    expect(fitsColumn('hash', 'not a hash')).toBe(false);
    expect(fitsColumn('hash', 12)).toBe(false);
    expect(fitsColumn('time', 0)).toBe(true);
    expect(fitsColumn('time', -5.5)).toBe(true);
    expect(fitsColumn('time', Infinity)).toBe(false);
    expect(fitsColumn('time', '5')).toBe(false);
    expect(fitsColumn('flag', 0)).toBe(true);
    expect(fitsColumn('flag', 1)).toBe(true);
    expect(fitsColumn('flag', 2)).toBe(false);
    expect(fitsColumn('flag', '1')).toBe(false);
    expect([flag(true), flag(false)]).toEqual([1, 0]);
  });
});

describe('the active session', () => {
  it('is null until set, then the id, then null again', async () => {
    const db = freshDb();
    expect(await activeSessionId(db)).toBeNull();
    await setActiveSession(db, 's-1');
    expect(await activeSessionId(db)).toBe('s-1');
    expect(await db.meta.get('active')).toEqual({ id: 'active', sessionId: 's-1' });
    await setActiveSession(db, null);
    expect(await activeSessionId(db)).toBeNull();
  });
});

describe('the scratch note', () => {
  it('is empty at first, keeps the last text sealed, and refuses a row that does not open', async () => {
    const db = freshDb();
    const cipher = randomCipher();
    const scratch = new ScratchRepo(db, cipher);
    expect(await scratch.load()).toBe('');
    await scratch.save('Kumquat jottings');
    await scratch.save('Kumquat jottings, second thought');
    expect(await scratch.load()).toBe('Kumquat jottings, second thought');
    const row = (await db.scratch.get('scratch'))!;
    expect(row).toMatchObject({ id: 'scratch', v: 1 });
    expect(Buffer.from(row.body).toString('latin1')).not.toContain('Kumquat');
    expect(cipher.open(row.body, { table: 'scratch', id: 'scratch', v: 1 })).toBe('Kumquat jottings, second thought');
    await expect(new ScratchRepo(db, randomCipher()).load()).rejects.toThrow(FieldOpenError);
  });
});

describe('backchannel messages', () => {
  const message = (over: Partial<BackchannelMessage>): BackchannelMessage => ({
    id: 'b-1',
    sessionId: 's-1',
    kind: 'sent',
    direction: 'out',
    text: 'Zoë has gone quiet',
    author: 'device-a',
    createdAt: 10,
    deliveredAt: null,
    updatedAt: 10,
    ...over,
  });

  it('are listed per session, oldest first, and read back one by one', async () => {
    const db = freshDb();
    const repo = new MessagesRepo(db, randomCipher());
    await repo.put(message({ id: 'b-3', createdAt: 30 }));
    await repo.put(message({ id: 'b-1', createdAt: 10 }));
    await repo.put(message({ id: 'b-2', createdAt: 20, kind: 'parked' }));
    await repo.put(message({ id: 'b-9', sessionId: 's-2', createdAt: 5 }));
    expect((await repo.listBySession('s-1')).map((m) => m.id)).toEqual(['b-1', 'b-2', 'b-3']);
    expect((await repo.listBySession('s-2')).map((m) => m.id)).toEqual(['b-9']);
    expect(await repo.listBySession('s-3')).toEqual([]);
    expect(await repo.get('b-2')).toEqual(message({ id: 'b-2', createdAt: 20, kind: 'parked' }));
    expect(await repo.get('b-4')).toBeUndefined();
  });
});

describe('table change notices', () => {
  it('call back for a committed change to that table only, until unsubscribed', async () => {
    const db = freshDb();
    await db.open();
    const seen: string[] = [];
    const stop = onTableChanged(db, 'scratch', () => seen.push('scratch'));
    const stopMeta = onTableChanged(db, 'meta', () => seen.push('meta'));
    await new ScratchRepo(db, randomCipher()).save('x');
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual(['scratch']);
    stop();
    await new ScratchRepo(db, randomCipher()).save('y');
    await setActiveSession(db, 's-1');
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual(['scratch', 'meta']);
    stopMeta();
  });
});
