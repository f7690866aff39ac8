import { describe, expect, it } from 'vitest';
import type { Marker, Note, Session } from '../../../domain/types';
import { buildSearchIndex, indexFrom, liveMarkerCounts, search, sessionsByOwner } from '../../../storage/history';
import { MarkersRepo } from '../../../storage/markers-repo';
import { NotesRepo } from '../../../storage/notes-repo';
import { SessionsRepo } from '../../../storage/sessions-repo';
import { SECRET, freshDb, plainMarker, populate, randomCipher } from './support';

async function seeded() {
  const db = freshDb();
  const cipher = randomCipher();
  const ids = await populate(db, cipher);
  const sessions = new SessionsRepo(db, cipher);
  const older = await sessions.start({
    ownerKind: 'group',
    ownerId: ids.group.id,
    platform: 'meet',
    meetingHash: '',
    startedAt: 1,
  });
  const markers = new MarkersRepo(db, cipher);
  await markers.add({
    ...ids.marker,
    id: undefined,
    sessionId: older.id,
    at: 5,
    text: 'Élan returned after the silence',
    memberId: null,
  });
  const gone = await markers.add({
    ...ids.marker,
    id: undefined,
    sessionId: older.id,
    at: 6,
    text: 'deleted funeral words',
  });
  await markers.softDelete(gone.id);
  await new NotesRepo(db, cipher).put({
    sessionId: older.id,
    template: 'soap',
    noteClass: 'progress',
    fields: { s: 'Reports sleeping better', o: '' },
  });
  return { db, cipher, ids, older };
}

const GREEK = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma', 'kappa'];

describe('history', () => {
  it('lists sessions per owner, newest first, opening only the sessions table', async () => {
    const { db, cipher, ids, older } = await seeded();
    // Rows in other tables that would not open must not matter here.
    await db.markers.put({ ...(await db.markers.toCollection().first())!, id: 'broken', body: new Uint8Array(80) });
    const map = await sessionsByOwner(db, cipher);
    expect(map.get(ids.group.id)!.map((s) => s.id)).toEqual([ids.session.id, older.id]);
  });

  it('counts live markers per session without opening any row', async () => {
    const { db, ids, older } = await seeded();
    const counts = await liveMarkerCounts(db);
    expect(Object.fromEntries(counts)).toEqual({ [ids.session.id]: 1, [older.id]: 1 });
  });

  it('finds words from notes and marker texts, case- and accent-insensitively', async () => {
    const { db, cipher, ids, older } = await seeded();
    const index = await buildSearchIndex(db, cipher);
    expect(search(index, 'SLEEPING')).toMatchObject([{ sessionId: older.id, kind: 'note' }]);
    expect(search(index, 'elan')).toMatchObject([{ sessionId: older.id, kind: 'marker', at: 5 }]);
    expect(search(index, 'ÉLAN')).toHaveLength(1);
    expect(search(index, 'ruptured TRUST')).toMatchObject([
      { sessionId: ids.session.id, kind: 'note', id: ids.note.id },
    ]);
    expect(search(index, 'sister’s')[0]).toMatchObject({ kind: 'marker', id: ids.marker.id });
  });

  it('ANDs the words, in any order', async () => {
    const { db, cipher } = await seeded();
    const index = await buildSearchIndex(db, cipher);
    expect(search(index, 'silence returned')).toHaveLength(1);
    expect(search(index, 'silence funeral')).toHaveLength(0);
    expect(search(index, '   ')).toEqual([]);
  });

  it('finds a marker by the member it names (accents folded), and skips deleted markers', async () => {
    const { db, cipher, ids } = await seeded();
    const index = await buildSearchIndex(db, cipher);
    const hits = search(index, 'zoe angstrom');
    expect(hits.map((h) => h.id)).toEqual([ids.marker.id]);
    expect(hits[0]!.snippet).toEqual({ text: SECRET.marker, match: null });
    expect(search(index, 'ZOE funeral')[0]!.snippet.match).toEqual([26, 33]);
    expect(search(index, 'deleted funeral')).toEqual([]);
  });

  it('gives a snippet around the match, with its position for highlighting', async () => {
    const { db, cipher } = await seeded();
    const [hit] = search(await buildSearchIndex(db, cipher), 'lateness');
    const { text, match } = hit!.snippet;
    expect(text).toContain(SECRET.note);
    expect(text.slice(match![0], match![1])).toBe('lateness');
  });

  it('lists rows that do not open instead of failing the whole search', async () => {
    const { db, cipher } = await seeded();
    const row = (await db.notes.toCollection().first())!;
    await db.notes.put({ ...row, body: new Uint8Array(80) });
    const index = await buildSearchIndex(db, cipher);
    expect(index.unreadable).toEqual([`notes/${row.id}`]);
    expect(search(index, 'elan')).toHaveLength(1);
  });

  it('reports progress while building', async () => {
    const { db, cipher } = await seeded();
    const calls: [number, number][] = [];
    await buildSearchIndex(db, cipher, (d, t) => calls.push([d, t]));
    expect(calls.at(-1)![0]).toBe(calls.at(-1)![1]);
  });

  it('searches 40,000 markers and 260 notes, newest session first, capped by limit', () => {
    const sessions: Session[] = [];
    const markers: Marker[] = [];
    const notes: Note[] = [];
    for (let s = 0; s < 260; s++) {
      const id = `s-${s}`;
      sessions.push({
        id,
        ownerKind: 'group',
        ownerId: 'g',
        platform: 'meet',
        meetingHash: '',
        startedAt: s,
        endedAt: null,
        pauses: [],
        attendance: {},
        updatedAt: s,
      });
      const fields = { a: `Session ${s}: théme ${GREEK[s % 7]}` };
      notes.push({
        id: `n-${s}`,
        sessionId: id,
        template: 'group-process',
        noteClass: 'process',
        fields,
        updatedAt: s,
      });
    }
    for (let i = 0; i < 40_000; i++) {
      const text = i % 1000 === 0 ? `Body check-in: tight chest, Café ${i}` : `ordinary moment ${i}`;
      markers.push(plainMarker({ id: `m-${i}`, sessionId: `s-${i % 260}`, at: i, text, updatedAt: i }));
    }
    const index = indexFrom({ sessions, markers, notes, groups: [], members: [], clients: [], categories: [] });
    expect(index.entries).toHaveLength(40_260);
    const hits = search(index, 'cafe CHEST');
    expect(hits).toHaveLength(40);
    expect(hits.every((h) => h.kind === 'marker' && h.snippet.text.includes('Café'))).toBe(true);
    const starts = hits.map((h) => Number(h.sessionId.slice(2)));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(search(index, 'THEME gamma')).toHaveLength(37);
    expect(search(index, 'ordinary', 10)).toHaveLength(10);
  });
});
