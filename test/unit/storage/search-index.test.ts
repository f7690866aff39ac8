// The search index built from plain records (indexFrom, no database): what each entry refers to,
// how a note's fields become its text, and the order entries are listed in.
import { describe, expect, it } from 'vitest';
import type { Note } from '../../../domain/types';
import { indexFrom, search, type SearchSource } from '../../../storage/history';
import { group, groupSession, marker, member } from '../domain/builders';

const note = (id: string, sessionId: string, fields: Record<string, string>): Note => ({
  id,
  sessionId,
  template: 'group-process',
  noteClass: 'process',
  fields,
  updatedAt: 0,
});

function source(): SearchSource {
  return {
    sessions: [
      groupSession({ id: 'old', ownerId: 'g', startedAt: 1_000 }),
      groupSession({ id: 'new', ownerId: 'h', startedAt: 2_000 }),
      groupSession({ id: 'twin-b', ownerId: 'g', startedAt: 500 }),
      groupSession({ id: 'twin-a', ownerId: 'g', startedAt: 500 }),
    ],
    markers: [
      marker({ id: 'm5', sessionId: 'old', at: 5, text: 'fifth' }),
      marker({ id: 'm1', sessionId: 'old', at: 1, text: 'first', memberId: 'ava' }),
      marker({ id: 'm3', sessionId: 'old', at: 3, text: 'third', category: 'clinic:x' }),
      marker({ id: 'gone', sessionId: 'old', at: 2, text: 'removed words', deleted: true }),
      marker({ id: 'n1', sessionId: 'new', at: 1, text: 'later' }),
      marker({ id: 'tb', sessionId: 'twin-b', at: 1, text: 'twin b' }),
      marker({ id: 'ta', sessionId: 'twin-a', at: 1, text: 'twin a' }),
    ],
    notes: [note('note-old', 'old', { themes: 'alpha', blank: '   ', plan: 'beta' })],
    groups: [group({ id: 'g', name: 'Harbour circle' }), group({ id: 'h', name: 'Lantern group' })],
    members: [member('ava', 'Ava Quill')],
    clients: [],
    categories: [{ code: 'clinic:x', family: 'custom', label: 'Mandated consideration', createdAt: 0, updatedAt: 0 }],
  };
}

describe('the search index', () => {
  it('lists newest session first, then by session id, its note before its markers, markers by time', () => {
    const ids = indexFrom(source()).entries.map((e) => e.id);
    expect(ids).toEqual(['n1', 'note-old', 'm1', 'm3', 'm5', 'ta', 'tb']);
  });

  it("joins a note's non-empty fields by line, so words of two fields never run together", () => {
    const entry = indexFrom(source()).entries.find((e) => e.id === 'note-old')!;
    expect(entry.text).toBe('alpha\nbeta');
    expect(search(indexFrom(source()), 'alphabeta')).toEqual([]);
  });

  it('finds entries by the group that owns the session, the member named and the clinic label', () => {
    const index = indexFrom(source());
    const ids = (q: string) => search(index, q).map((h) => h.id);
    expect(ids('harbour')).toEqual(['note-old', 'm1', 'm3', 'm5', 'ta', 'tb']);
    expect(ids('lantern')).toEqual(['n1']);
    expect(ids('quill')).toEqual(['m1']);
    expect(ids('mandated')).toEqual(['m3']);
    expect(ids('removed')).toEqual([]);
  });

  it('a session whose owner is unknown still lists, under no name', () => {
    const src = source();
    src.groups = [];
    const index = indexFrom(src);
    expect(index.entries).toHaveLength(7);
    expect(search(index, 'harbour')).toEqual([]);
    expect(search(index, 'fifth').map((h) => h.id)).toEqual(['m5']);
  });
});
