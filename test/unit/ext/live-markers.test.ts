// The panel's live marker list against a real Dexie database and the real cipher.
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../../domain/hlc';
import type { Marker } from '../../../domain/types';
import { Applier } from '../../../channel/apply';
import type { MarkerEvent } from '../../../channel/events';
import { keysIn, liveMarkers, MarkerNotSavedError, MarkerNotSavedYetError } from '../../../ext/panel/live-markers';
import { MarkersRepo, OFFER_RETRY_MS } from '../../../storage/markers-repo';
import { DiskFullError } from '../../../storage/room';
import { SessionsRepo } from '../../../storage/sessions-repo';
import { sealEntity } from '../../../storage/sealed-table';
import { markerSpec } from '../../../storage/tables';
import { freshDb, plainMarker, randomCipher } from '../storage/support';

/** Subscribes and collects every value and error; `until` waits for a value that passes. */
function watch(live: ReturnType<typeof liveMarkers>) {
  const values: Marker[][] = [];
  const errors: unknown[] = [];
  let wake = () => {};
  const sub = live.subscribe({
    next: (v) => {
      values.push(v);
      wake();
    },
    error: (e) => {
      errors.push(e);
      wake();
    },
  });
  const until = async (ok: (v: Marker[]) => boolean, what: string): Promise<Marker[]> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const last = values.at(-1);
      if (last && ok(last)) return last;
      if (Date.now() > deadline)
        throw new Error(
          `never saw ${what}; last value: ${JSON.stringify(last?.map((m) => [m.id, m.text, m.deleted]))}`,
        );
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 50);
      });
    }
  };
  return { values, errors, until, stop: () => sub.unsubscribe() };
}

const ids = (v: Marker[]) => v.map((m) => m.id);

/** A database with group g's open session 's', its cipher and markers. */
async function withGroupSession() {
  const db = freshDb();
  const cipher = randomCipher();
  await new SessionsRepo(db, cipher).upsert({
    id: 's',
    ownerKind: 'group',
    ownerId: 'g',
    platform: 'none',
    meetingHash: '',
    startedAt: 0,
    endedAt: null,
    pauses: [],
    attendance: {},
    updatedAt: 0,
  });
  return { db, cipher, repo: new MarkersRepo(db, cipher) };
}

/** A co-leader's marker in session 's'. */
const markerEvent = (id: string, text: string): MarkerEvent => ({
  t: 'marker',
  id,
  sessionId: 's',
  at: 1,
  wallAt: 1,
  category: 'general.mark',
  memberId: null,
  text,
  auto: false,
  deleted: false,
  author: 'dev-b',
  hlc: encodeHlc({ wall: 100, count: 0, device: 'dev-b' }),
});

describe('liveMarkers', () => {
  it('lists the session once, in session-clock order, deleted ones included, other sessions left out', async () => {
    const db = freshDb();
    const repo = new MarkersRepo(db, randomCipher());
    await repo.upsert(plainMarker({ id: 'b', sessionId: 's', at: 20 }));
    await repo.upsert(plainMarker({ id: 'a', sessionId: 's', at: 10, deleted: true }));
    await repo.upsert(plainMarker({ id: 'c', sessionId: 's', at: 20 }));
    await repo.upsert(plainMarker({ id: 'x', sessionId: 'other', at: 5 }));
    const w = watch(liveMarkers(db, repo, 's'));
    const first = await w.until((v) => v.length === 3, 'three markers');
    expect(ids(first)).toEqual(ids(await repo.listBySession('s', { includeDeleted: true })));
    expect(ids(first)).toEqual(['a', 'b', 'c']);
    w.stop();
  });

  it('shows a marker written in this page at once, keeps the others as they were, and follows edits', async () => {
    const db = freshDb();
    const repo = new MarkersRepo(db, randomCipher());
    await repo.upsert(plainMarker({ id: 'old', sessionId: 's', at: 1 }));
    const w = watch(liveMarkers(db, repo, 's'));
    const before = await w.until((v) => v.length === 1, 'the stored marker');
    const added = repo.add({
      sessionId: 's',
      at: 2,
      wallAt: 2,
      category: 'general.mark',
      memberId: null,
      text: 'new',
      auto: false,
      author: 'me',
    });
    // Listed before the write has committed: the value arrives while add() is still pending.
    let committed = false;
    void added.then(() => (committed = true));
    const shown = await w.until((v) => v.length === 2, 'the new marker');
    expect(committed).toBe(false);
    const m = await added;
    expect(shown[1]!.id).toBe(m.id);
    // The unchanged marker is the same object, so its row need not render again.
    expect(shown[0]).toBe(before[0]);
    await repo.upsert({ ...m, text: 'edited', updatedAt: m.updatedAt + 1 });
    await w.until((v) => v[1]?.text === 'edited', 'the edit');
    await repo.softDelete(m.id);
    await w.until((v) => v[1]?.deleted === true, 'the delete');
    await repo.undoDelete(m.id);
    const back = await w.until((v) => v[1]?.deleted === false, 'the undo');
    expect(back[1]!.text).toBe('edited');
    expect(w.errors).toEqual([]);
    w.stop();
  });

  it('reads a row written elsewhere (another page, the background) by its id', async () => {
    const db = freshDb();
    const cipher = randomCipher();
    const repo = new MarkersRepo(db, cipher);
    const w = watch(liveMarkers(db, repo, 's'));
    await w.until((v) => v.length === 0, 'the empty session');
    // Straight into the table, as another context's write reaches this one: no in-page notice, only storagemutated.
    await db.markers.put(
      sealEntity(markerSpec, cipher, plainMarker({ id: 'bg', sessionId: 's', at: 3, text: 'from the background' })),
    );
    const v = await w.until((x) => x.length === 1, 'the background marker');
    expect(v[0]!.text).toBe('from the background');
    await db.markers.put(sealEntity(markerSpec, cipher, plainMarker({ id: 'elsewhere', sessionId: 'other' })));
    await db.markers.delete('bg');
    await w.until((x) => x.length === 0, 'the hard delete');
    expect(w.values.some((x) => x.some((m) => m.id === 'elsewhere'))).toBe(false);
    w.stop();
  });

  it('reads the session again after a bulk write Dexie reports as a range', async () => {
    const db = freshDb();
    const cipher = randomCipher();
    const repo = new MarkersRepo(db, cipher);
    const w = watch(liveMarkers(db, repo, 's'));
    await w.until((v) => v.length === 0, 'the empty session');
    const rows = Array.from({ length: 60 }, (_, i) =>
      sealEntity(markerSpec, cipher, plainMarker({ id: `m${i}`, sessionId: 's', at: i })),
    );
    await db.markers.bulkPut(rows);
    await w.until((v) => v.length === 60, 'all 60');
    w.stop();
  });

  it('takes back a marker whose write failed and says so', async () => {
    const db = freshDb();
    const repo = new MarkersRepo(db, randomCipher());
    const w = watch(liveMarkers(db, repo, 's'));
    await w.until((v) => v.length === 0, 'the empty session');
    // An id that does not fit the clear column: sealing throws, nothing is written.
    await expect(repo.upsert(plainMarker({ id: 'not an id', sessionId: 's' }))).rejects.toThrow(TypeError);
    await w.until(() => w.errors.length === 1, 'the error');
    expect(w.errors[0]).toBeInstanceOf(MarkerNotSavedError);
    expect((w.errors[0] as Error).message).toMatch(/could not be saved.*not in this session/);
    expect(w.values.at(-1)).toEqual([]);
    expect(await db.markers.count()).toBe(0);
    w.stop();
  });

  it('shows an offered co-leader copy before storing it unless older; no render if nothing shown changed', async () => {
    const db = freshDb();
    const cipher = randomCipher();
    const repo = new MarkersRepo(db, cipher);
    await new SessionsRepo(db, cipher).upsert({
      id: 's',
      ownerKind: 'group',
      ownerId: 'g',
      platform: 'none',
      meetingHash: '',
      startedAt: 0,
      endedAt: null,
      pauses: [],
      attendance: {},
      updatedAt: 0,
    });
    const hlc = (ms: number) => encodeHlc({ wall: ms, count: 0, device: 'dev' });
    await repo.upsert(plainMarker({ id: 'kept', sessionId: 's', at: 1, text: 'newer here', hlc: hlc(200) }));
    const w = watch(liveMarkers(db, repo, 's'));
    await w.until((v) => v.length === 1, 'the stored marker');

    // A new marker: listed while offer() still reads what is stored.
    let settled = false;
    const offered = repo.offer(
      plainMarker({ id: 'fresh', sessionId: 's', at: 2, text: 'from the co-leader', hlc: hlc(100) }),
    );
    void offered.then(() => (settled = true));
    await w.until((v) => v.some((m) => m.id === 'fresh'), 'the offered marker');
    expect(settled).toBe(false);
    await expect(offered).resolves.toBe(true);
    const afterOffer = w.values.length;

    // An older copy of a stored marker: never shown over it, not written, and told as dropped.
    await expect(
      repo.offer(plainMarker({ id: 'kept', sessionId: 's', at: 1, text: 'older there', hlc: hlc(150) })),
    ).resolves.toBe(false);
    // Nor one without a clock, nor one for a session that is not here.
    await expect(
      repo.offer(plainMarker({ id: 'kept', sessionId: 's', at: 1, text: 'no clock', hlc: '' })),
    ).resolves.toBe(false);
    await expect(
      repo.offer(plainMarker({ id: 'stray', sessionId: 'gone', text: 'nowhere', hlc: hlc(300) })),
    ).resolves.toBe(false);
    expect(await repo.get('stray')).toBeUndefined();
    await new Promise((r) => setTimeout(r, 50));
    expect(w.values.flat().some((m) => m.text === 'older there' || m.text === 'no clock')).toBe(false);
    expect((await repo.get('kept'))!.text).toBe('newer here');
    // Neither the dropped offer nor the stored fresh marker's storagemutated changed what is shown: no new value.
    expect(w.values.length).toBe(afterOffer);
    // What this page wrote itself is not read back.
    const reads = countReads(repo);
    await repo.add({
      sessionId: 's',
      at: 3,
      wallAt: 3,
      category: 'general.mark',
      memberId: null,
      text: 'mine',
      auto: false,
      author: 'me',
    });
    await w.until((v) => v.some((m) => m.text === 'mine'), 'own marker');
    await new Promise((r) => setTimeout(r, 50));
    expect(reads.count).toBe(0);
    expect(w.errors).toEqual([]);
    w.stop();
  });

  it("shows a co-leader's marker as soon as the Applier takes it, before it is stored", async () => {
    const { db, cipher, repo } = await withGroupSession();
    const w = watch(liveMarkers(db, repo, 's'));
    await w.until((v) => v.length === 0, 'the empty session');
    // Another write holds the markers table: the Applier's write has to wait for it.
    let release = () => {};
    const released = new Promise<void>((r) => (release = r));
    let holding = () => {};
    const held = new Promise<void>((r) => (holding = r));
    const holder = db.transaction('rw', db.markers, async () => {
      // Told from a timer: this test goes on outside the transaction.
      setTimeout(holding, 0);
      let go = false;
      void released.then(() => (go = true));
      // Requests keep the transaction open until released.
      while (!go) await db.markers.get('none');
      return db.markers.get('fresh');
    });
    await held;
    expect(Dexie.currentTransaction).toBeNull();
    const applier = new Applier(db, cipher, 'g');
    const applied = applier.apply([markerEvent('fresh', 'from the co-leader')]);
    await w.until((v) => v.some((m) => m.id === 'fresh'), 'the marker listed');
    release();
    // The holder, ahead of the Applier's write, found nothing stored.
    expect(await holder).toBeUndefined();
    await expect(applied).resolves.toBe(1);
    expect((await repo.get('fresh'))!.text).toBe('from the co-leader');
    expect(w.values.at(-1)!.map((m) => m.id)).toEqual(['fresh']);
    expect(w.errors).toEqual([]);
    applier.dispose();
    w.stop();
  });

  it("keeps a co-leader's marker listed while a failed store is tried again, then stores it", async () => {
    const { db, cipher, repo } = await withGroupSession();
    const w = watch(liveMarkers(db, repo, 's'));
    await w.until((v) => v.length === 0, 'the empty session');
    // The disk is full for the first try (a write refused as storage/room.ts refuses it).
    let failures = 1;
    db.markers.hook('creating', () => {
      if (failures-- > 0) throw new DiskFullError();
    });
    const applier = new Applier(db, cipher, 'g');
    // The first try failed: nothing written yet, and the Applier does not wait for the next.
    await expect(applier.apply([markerEvent('fresh', 'from the co-leader')])).resolves.toBe(0);
    await w.until(() => w.errors.length === 1, 'the retry told');
    expect(w.errors[0]).toBeInstanceOf(MarkerNotSavedYetError);
    expect((w.errors[0] as Error).message).toMatch(/could not be saved yet.*tried again/);
    expect(w.values.at(-1)!.map((m) => m.id)).toEqual(['fresh']);
    expect(await repo.get('fresh')).toBeUndefined();
    // The next try (OFFER_RETRY_MS[0] later) stores it; it stayed listed all along.
    const until = Date.now() + OFFER_RETRY_MS[0] + 2_000;
    while (!(await repo.get('fresh')) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect((await repo.get('fresh'))!.text).toBe('from the co-leader');
    expect(w.values.every((v, i) => i === 0 || v.some((m) => m.id === 'fresh'))).toBe(true);
    expect(w.errors).toHaveLength(1);
    applier.dispose();
    w.stop();
  });

  it('takes back a co-leader marker only once its last try failed, and says so', async () => {
    const { db, repo } = await withGroupSession();
    const w = watch(liveMarkers(db, repo, 's'));
    await w.until((v) => v.length === 0, 'the empty session');
    db.markers.hook('creating', () => {
      throw new DiskFullError();
    });
    await expect(repo.offerMany([plainMarker({ id: 'fresh', sessionId: 's', hlc: 'h1' })], [10, 10])).resolves.toBe(0);
    await w.until(() => w.errors.some((e) => e instanceof MarkerNotSavedError), 'the last failure');
    expect(w.errors.map((e) => (e as Error).name)).toEqual([
      'MarkerNotSavedYetError',
      'MarkerNotSavedYetError',
      'MarkerNotSavedError',
    ]);
    await w.until((v) => v.length === 0, 'the marker taken back');
    expect(await repo.get('fresh')).toBeUndefined();
    w.stop();
  });

  it('stops listening on unsubscribe', async () => {
    const db = freshDb();
    const repo = new MarkersRepo(db, randomCipher());
    const w = watch(liveMarkers(db, repo, 's'));
    await w.until((v) => v.length === 0, 'the empty session');
    w.stop();
    const seen = w.values.length;
    await repo.upsert(plainMarker({ id: 'late', sessionId: 's' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(w.values.length).toBe(seen);
  });
});

describe('keysIn', () => {
  it('lists single keys and refuses ranges', () => {
    expect(keysIn({ from: 'b', to: 'b', d: 2, l: { from: 'a', to: 'a', d: 1 }, r: null })).toEqual(['b', 'a']);
    expect(keysIn({ d: 0 })).toEqual([]);
    expect(keysIn({ from: 'a', to: 'z', d: 1 })).toBe('range');
    expect(keysIn({ from: -Infinity, to: [[]], d: 1 })).toBe('range');
  });
});

/** Counts the live list's reads by id (MarkersRepo.getMany), from here on. */
function countReads(repo: MarkersRepo): { count: number } {
  const out = { count: 0 };
  const getMany = repo.getMany.bind(repo);
  repo.getMany = (ids) => {
    out.count++;
    return getMany(ids);
  };
  return out;
}
