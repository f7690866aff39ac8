// A group note between two leaders' real stores (fake-indexeddb, a real
// vault cipher): local saves through NotesRepo.save as the panel makes
// them, the versions through the wire format, and the co-leader's Applier.
// What each leader had on screen decides what their save supersedes.
import { describe, expect, it } from 'vitest';
import { Applier } from '../../../channel/apply';
import { encodeEvents, parseEvents, type ChannelEvent, type NoteFieldEvent } from '../../../channel/events';
import { LocalClock, sessionSnapshot } from '../../../channel/local-events';
import { fieldCipher, newVaultKey } from '../../../crypto';
import type { FieldCipher } from '../../../crypto/types';
import { CONFLICT_RULE, fieldContext, fieldState, type FieldVersion } from '../../../domain/merge';
import type { Note } from '../../../domain/types';
import { SquircleDb } from '../../../storage/db';
import { NotesRepo } from '../../../storage/notes-repo';
import { sealEntity } from '../../../storage/sealed-table';
import { noteSpec } from '../../../storage/tables';
import { SessionsRepo } from '../../../storage/sessions-repo';

const G = 'group-wednesday';
const S = 'session-1';
const T0 = 1_760_000_000_000;
const KEY = { sessionId: S, template: 'group-process', noteClass: 'process' } as const;

interface Leader {
  db: SquircleDb;
  cipher: FieldCipher;
  notes: NotesRepo;
  applier: Applier;
  clock: LocalClock;
  name: string;
}

let wall = T0;
async function leader(name: string): Promise<Leader> {
  const db = new SquircleDb(`notes-${crypto.randomUUID()}`);
  const cipher = fieldCipher(newVaultKey());
  await new SessionsRepo(db, cipher).upsert({
    id: S,
    ownerKind: 'group',
    ownerId: G,
    platform: 'none',
    meetingHash: '',
    startedAt: T0,
    endedAt: null,
    pauses: [],
    attendance: {},
    updatedAt: 1,
  });
  return {
    db,
    cipher,
    notes: new NotesRepo(db, cipher),
    applier: new Applier(db, cipher, G),
    clock: new LocalClock(name, () => (wall += 1000)),
    name,
  };
}

const note = (l: Leader) => l.notes.get(S, 'group-process');
const themes = async (l: Leader) => (await note(l))?.fields.themes;
/** What the leader's note editor has on screen for themes: the context its save will supersede. */
const screen = async (l: Leader) => {
  const n = await note(l);
  return fieldContext(fieldState(n?.versions?.themes, n?.fields.themes));
};

/** A save as the panel makes it; returns the events it sends, through the wire. */
async function save(l: Leader, text: string, shown?: string[]): Promise<ChannelEvent[]> {
  const sent = await l.notes.save(
    KEY,
    { themes: text },
    { author: l.name, next: () => l.clock.next() },
    shown ? { themes: shown } : {},
  );
  return parseEvents(
    encodeEvents(
      Object.entries(sent).map(([field, version]) => ({
        t: 'note-field',
        sessionId: S,
        template: 'group-process',
        field,
        version,
      })),
    ),
  )!;
}

describe('a group note between two leaders', () => {
  it('a co-leader’s edit landing while this leader types stays beside theirs; one edit settles both', async () => {
    const [a, b] = [await leader('A'), await leader('B')];
    const a1 = await save(a, 'draft');
    expect(await b.applier.apply(a1)).toBe(1);
    // Both screens now show A's draft. A keeps typing (autosave, twice); B adds a plan.
    const [onA, onB] = [await screen(a), await screen(b)];
    const a2 = await save(a, 'draft, more', onA);
    const a3 = await save(a, 'draft, more still', onA);
    const b1 = await save(b, 'draft, and a plan', onB);
    // A's saves arrive at B out of order and twice; B's reaches A before A saves again.
    expect(await a.applier.apply(b1)).toBe(1);
    const a4 = await save(a, 'draft, more still!', onA);
    await b.applier.apply([...a3, ...a2, ...a4, ...a3]);
    const both = `draft, and a plan${CONFLICT_RULE}draft, more still!`; // oldest first
    expect(await themes(a)).toBe(both);
    expect(await themes(b)).toBe(both);
    // B edits what it sees; that version supersedes both texts, everywhere.
    const b2 = await save(b, 'draft, more, and a plan', await screen(b));
    await a.applier.apply(b2);
    expect(await themes(a)).toBe('draft, more, and a plan');
    expect(await themes(b)).toBe('draft, more, and a plan');
    // Old copies arriving late change nothing.
    expect(await a.applier.apply([...a1, ...b1, ...a2])).toBe(0);
    expect(await b.applier.apply([...a1, ...b1, ...a4])).toBe(0);
    expect((await note(a))?.versions).toEqual((await note(b))?.versions);
  });

  it('a resync sends every head; a side that missed the history converges from it', async () => {
    const [a, b, late] = [await leader('A'), await leader('B'), await leader('C')];
    await b.applier.apply(await save(a, 'one'));
    const onB = await screen(b);
    await save(a, 'one, two', await screen(a));
    await a.applier.apply(await save(b, 'one; three', onB));
    const snapshot = sessionSnapshot((await new SessionsRepo(a.db, a.cipher).get(S))!, [], [(await note(a))!]);
    const notes = snapshot.filter((e): e is NoteFieldEvent => e.t === 'note-field');
    expect(notes.map((e) => e.version.text)).toEqual(['one, two', 'one; three']);
    await late.applier.apply(parseEvents(encodeEvents(snapshot))!);
    expect(await themes(late)).toBe(await themes(a));
    expect((await note(late))?.versions).toEqual((await note(a))?.versions);
  });

  it('a note in the pre-heads format loads as one head, takes an edit on top and keeps a concurrent one', async () => {
    const [a, b] = [await leader('A'), await leader('B')];
    const legacyHlc = a.clock.next();
    const stored: Note = {
      id: 'note-1',
      sessionId: S,
      template: 'group-process',
      noteClass: 'process',
      fields: { themes: 'from the old release', plan: 'plan text' },
      versions: { themes: { hlc: legacyHlc, base: '', author: 'A' } },
      updatedAt: 1,
    };
    // Sealed as the previous release sealed notes (record format v1), straight into the table.
    for (const l of [a, b]) await l.db.notes.put(sealEntity({ ...noteSpec, v: 1 }, l.cipher, stored));
    expect(await a.db.notes.get('note-1')).toMatchObject({ v: 1 });
    expect(await note(a)).toEqual(stored);
    const snapshot = sessionSnapshot((await new SessionsRepo(a.db, a.cipher).get(S))!, [], [(await note(a))!]);
    expect(snapshot.filter((e) => e.t === 'note-field')).toEqual([
      {
        t: 'note-field',
        sessionId: S,
        template: 'group-process',
        field: 'themes',
        version: { text: 'from the old release', hlc: legacyHlc, base: '', author: 'A', seen: [] },
      },
    ]);
    // An older co-leader's edit on top of it replaces it; one made beside it is kept with it.
    const onTop: FieldVersion = {
      text: 'from the old release, edited',
      hlc: b.clock.next(),
      base: legacyHlc,
      author: 'B',
    };
    const beside: FieldVersion = {
      text: 'written meanwhile',
      hlc: new LocalClock('C', () => wall).next(),
      base: '',
      author: 'C',
    };
    expect(
      await a.applier.apply([
        { t: 'note-field', sessionId: S, template: 'group-process', field: 'themes', version: onTop },
      ]),
    ).toBe(1);
    expect(await themes(a)).toBe('from the old release, edited');
    await b.applier.apply([
      { t: 'note-field', sessionId: S, template: 'group-process', field: 'themes', version: beside },
    ]);
    expect(await themes(b)).toBe(`from the old release${CONFLICT_RULE}written meanwhile`);
    // A field without versions (plan) is untouched by all this.
    expect((await note(b))?.fields.plan).toBe('plan text');
  });
});
