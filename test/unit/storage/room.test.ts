// No write starts while the disk is (almost) full: the guard's reading, the
// writes a user starts, the others, and writes resuming once there is room.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SquircleDb, type OutboxRow } from '../../../storage/db';
import { MarkersRepo } from '../../../storage/markers-repo';
import { NotesRepo } from '../../../storage/notes-repo';
import { DiskFullError, MIN_FREE_BYTES, RoomGuard } from '../../../storage/room';
import { ScratchRepo } from '../../../storage/scratch-repo';
import { SessionsRepo } from '../../../storage/sessions-repo';
import { isDiskFull } from '../../../components/useAutosave';
import { plainMarker, randomCipher } from './support';

afterEach(() => vi.useRealTimers());

/** A disk whose free room the test sets; counts how often the guard asked. */
function disk(free: number) {
  const d = {
    free,
    asked: 0,
    estimate: async () => {
      d.asked++;
      return { quota: 10_000_000_000 + d.free, usage: 10_000_000_000 };
    },
  };
  return d;
}

async function setup(free: number) {
  const d = disk(free);
  const room = new RoomGuard(d.estimate);
  const db = new SquircleDb(`t-${crypto.randomUUID()}`, room);
  const cipher = randomCipher();
  const session = await new SessionsRepo(db, cipher).start({
    ownerKind: 'group',
    ownerId: 'g-1',
    platform: 'meet',
    meetingHash: '',
  });
  return { d, room, db, session, scratch: new ScratchRepo(db, cipher), markers: new MarkersRepo(db, cipher) };
}

describe('writes on a full disk', () => {
  it('a note, the scratch note and a marker are refused before anything is written: the disk is full', async () => {
    const { d, db, session, scratch, markers } = await setup(1 << 30);
    await scratch.save('before');
    d.free = MIN_FREE_BYTES - 1;
    const refused = await scratch.save('on the full disk').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DiskFullError);
    expect(isDiskFull(refused)).toBe(true);
    await expect(markers.add(plainMarker({ id: 'm-full', sessionId: session.id }))).rejects.toBeInstanceOf(
      DiskFullError,
    );
    const notes = new NotesRepo(db, randomCipher());
    await expect(
      notes.put({ sessionId: session.id, template: 'group-process', noteClass: 'progress', fields: { themes: 'x' } }),
    ).rejects.toBeInstanceOf(DiskFullError);
    // Reading goes on: what was stored is all there, and nothing of the refused writes.
    expect(await scratch.load()).toBe('before');
    expect(await db.markers.get('m-full')).toBeUndefined();
    expect(await db.notes.count()).toBe(0);
  });

  it('once a reading found the disk full, other writes are refused too, without asking again', async () => {
    const { d, db, scratch } = await setup(0);
    await expect(scratch.save('x')).rejects.toBeInstanceOf(DiskFullError);
    const asked = d.asked;
    await expect(db.channelCounters.put({ id: 'c', epoch: 0, counter: 1 })).rejects.toThrow(/disk is full/);
    await expect(
      db.transaction('rw', db.outbox, () =>
        db.outbox.add({ channelId: 'c', topic: 't', envelope: new Uint8Array(1) } as OutboxRow),
      ),
    ).rejects.toThrow(/disk is full/);
    expect(d.asked).toBe(asked);
    // Reads are never refused.
    expect(await db.scratch.count()).toBe(0);
  });

  it('looks again every two seconds while full, and writes resume by themselves once there is room', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { d, room, db } = await setup(0);
    await room.check().catch(() => undefined);
    expect(room.isFull).toBe(true);
    const asked = d.asked;
    d.free = 1 << 30;
    await vi.advanceTimersByTimeAsync(2000);
    expect(d.asked).toBe(asked + 1);
    expect(room.isFull).toBe(false);
    await db.scratch.put({ id: 'scratch', v: 1, updatedAt: 1, body: new Uint8Array(1) });
    // With room, it stops looking.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(d.asked).toBe(asked + 1);
  });

  it('inside a transaction the writes go on without awaiting the browser, so the transaction stays whole', async () => {
    const { d, db, session } = await setup(1 << 30);
    const markers = new MarkersRepo(db, randomCipher());
    const asked = d.asked;
    await db.transaction('rw', db.markers, db.sessions, async () => {
      await markers.add(plainMarker({ id: 'm-1', sessionId: session.id }));
      await markers.add(plainMarker({ id: 'm-2', sessionId: session.id }));
    });
    expect(await db.markers.count()).toBe(2);
    expect(d.asked - asked).toBeLessThanOrEqual(1);
  });

  it('a browser that gives no reading does not stop writes', async () => {
    const room = new RoomGuard(() => Promise.reject(new Error('no estimate here')));
    const db = new SquircleDb(`t-${crypto.randomUUID()}`, room);
    await new ScratchRepo(db, randomCipher()).save('written');
    expect(await db.scratch.count()).toBe(1);
  });
});

describe('a rewrite of everything (vault key rotation)', () => {
  it('needs room for a second copy of what is stored, beyond the margin', async () => {
    const usage = 50 << 20;
    const at = (free: number) => new RoomGuard(async () => ({ quota: usage + free, usage }));
    await expect(at(usage + MIN_FREE_BYTES - 1).checkRewrite()).rejects.toBeInstanceOf(DiskFullError);
    await expect(at(usage + MIN_FREE_BYTES).checkRewrite()).resolves.toBeUndefined();
    // No reading: the rewrite goes ahead, as every other write does.
    await expect(new RoomGuard(() => Promise.reject(new Error('no estimate'))).checkRewrite()).resolves.toBeUndefined();
  });
});
