// What a page hears about its own marker writes, and how a co-leader's copy is offered.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fieldCipher, newVaultKey, wipe } from '../../../crypto';
import { MarkersRepo, onMarkerWrite, type MarkerWrite } from '../../../storage/markers-repo';
import { SessionsRepo } from '../../../storage/sessions-repo';
import { freshDb, plainMarker, randomCipher } from './support';

afterEach(() => vi.restoreAllMocks());

async function setup() {
  const db = freshDb();
  const cipher = randomCipher();
  let t = 1_000;
  const now = () => (t += 10);
  const session = await new SessionsRepo(db, cipher, now).start({
    ownerKind: 'group',
    ownerId: 'g-1',
    platform: 'meet',
    meetingHash: '',
  });
  const heard: MarkerWrite[] = [];
  const stop = onMarkerWrite(db, (w) => heard.push(w));
  return { db, cipher, now, session, heard, stop, markers: new MarkersRepo(db, cipher, now) };
}

const kinds = (heard: MarkerWrite[]) => heard.map((w) => `${w.kind}:${w.marker.id}`);

describe('marker writes in this page', () => {
  it('are told as pending, then saved, with one token per write', async () => {
    const { markers, session, heard } = await setup();
    const m = await markers.add({ ...plainMarker({ sessionId: session.id }), id: 'm-1' });
    const n = await markers.upsert({ ...m, id: 'm-2', text: 'second' });
    expect(kinds(heard)).toEqual(['pending:m-1', 'saved:m-1', 'pending:m-2', 'saved:m-2']);
    expect(heard[0]!.token).toBe(heard[1]!.token);
    expect(heard[2]!.token).toBe(heard[3]!.token);
    expect(heard[2]!.token).toBeGreaterThan(heard[0]!.token);
    expect(heard[1]!.marker).toEqual(m);
    expect(m).toMatchObject({ id: 'm-1', deleted: false, updatedAt: 1_020 });
    expect(await markers.get('m-2')).toEqual(n);
  });

  it('are told as failed, with the error, when the write does not happen', async () => {
    const { db, session, heard } = await setup();
    const key = newVaultKey();
    const locked = new MarkersRepo(db, fieldCipher(key));
    wipe(key);
    const error = await locked.add(plainMarker({ sessionId: session.id })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(heard.map((w) => w.kind)).toEqual(['pending', 'failed']);
    expect(heard[1]).toMatchObject({ kind: 'failed', error });
  });

  it('reach every listener of that database only, even when one of them throws, until unsubscribed', async () => {
    const { db, markers, session, heard, stop } = await setup();
    const broken = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const stopBroken = onMarkerWrite(db, () => {
      throw new Error('listener bug');
    });
    const elsewhere: MarkerWrite[] = [];
    onMarkerWrite(freshDb(), (w) => elsewhere.push(w));
    await markers.add(plainMarker({ id: 'm-1', sessionId: session.id }));
    expect(kinds(heard)).toEqual(['pending:m-1', 'saved:m-1']);
    expect(broken).toHaveBeenCalledTimes(2);
    expect(broken.mock.calls[0]![0]).toBe('A marker write listener failed');
    expect(elsewhere).toEqual([]);
    stop();
    stopBroken();
    await markers.add(plainMarker({ id: 'm-2', sessionId: session.id }));
    expect(kinds(heard)).toEqual(['pending:m-1', 'saved:m-1']);
    expect(broken).toHaveBeenCalledTimes(2);
  });

  it('inside a caller’s transaction are not told (the commit is)', async () => {
    const { db, markers, session, heard } = await setup();
    await db.transaction('rw', db.markers, () => markers.upsert(plainMarker({ id: 'm-1', sessionId: session.id })));
    expect(heard).toEqual([]);
    expect((await markers.get('m-1'))?.id).toBe('m-1');
  });
});

describe('a co-leader’s marker', () => {
  it('is written when newer by hlc, dropped when as new or older or for a session not here', async () => {
    const { markers, session, heard } = await setup();
    const base = plainMarker({ id: 'm-1', sessionId: session.id });
    expect(await markers.offer({ ...base, text: 'first', hlc: '0002' })).toBe(true);
    expect(await markers.offer({ ...base, text: 'older', hlc: '0001' })).toBe(false);
    expect(await markers.offer({ ...base, text: 'same', hlc: '0002' })).toBe(false);
    expect(await markers.offer({ ...base, text: 'no clock' })).toBe(false);
    expect((await markers.get('m-1'))?.text).toBe('first');
    expect(await markers.offer({ ...base, text: 'newer', hlc: '0003' })).toBe(true);
    expect((await markers.get('m-1'))?.text).toBe('newer');
    expect(await markers.offer({ ...base, id: 'm-2', sessionId: 'gone', hlc: '0009' })).toBe(false);
    expect(await markers.get('m-2')).toBeUndefined();
    expect(kinds(heard)).toEqual([
      'pending:m-1',
      'saved:m-1',
      'pending:m-1',
      'dropped:m-1',
      'pending:m-1',
      'dropped:m-1',
      'pending:m-1',
      'dropped:m-1',
      'pending:m-1',
      'saved:m-1',
      'pending:m-2',
      'dropped:m-2',
    ]);
  });

  it('replaces a stored marker that has no hlc, and is told as failed when it cannot be written', async () => {
    const { markers, session, heard } = await setup();
    await markers.upsert(plainMarker({ id: 'm-1', sessionId: session.id, text: 'local' }));
    expect(await markers.offer(plainMarker({ id: 'm-1', sessionId: session.id, text: 'theirs', hlc: '0001' }))).toBe(
      true,
    );
    expect((await markers.get('m-1'))?.text).toBe('theirs');
    heard.length = 0;
    const bad = plainMarker({ id: 'not an id', sessionId: session.id, hlc: '0001' });
    await expect(markers.offer(bad)).rejects.toThrow(TypeError);
    expect(heard.map((w) => w.kind)).toEqual(['pending', 'failed']);
    expect(await markers.get('not an id')).toBeUndefined();
  });
});

describe('reading markers', () => {
  it('getMany keeps the order asked, undefined where missing; listBySession hides deleted unless asked', async () => {
    const { markers, session } = await setup();
    await markers.add(plainMarker({ id: 'a', sessionId: session.id, at: 30 }));
    await markers.add(plainMarker({ id: 'b', sessionId: session.id, at: 10 }));
    await markers.add(plainMarker({ id: 'c', sessionId: 'other', at: 20 }));
    await markers.softDelete('a');
    expect((await markers.getMany(['c', 'x', 'a'])).map((m) => m?.id)).toEqual(['c', undefined, 'a']);
    expect((await markers.listBySession(session.id)).map((m) => m.id)).toEqual(['b']);
    expect((await markers.listBySession(session.id, { includeDeleted: true })).map((m) => m.id)).toEqual(['b', 'a']);
    expect((await markers.listBySession(session.id, { includeDeleted: false })).map((m) => m.id)).toEqual(['b']);
    const undone = await markers.undoDelete('a');
    expect(undone).toMatchObject({ id: 'a', deleted: false });
    expect((await markers.update('b', { text: 'edited', at: undefined })).at).toBe(10);
  });
});
