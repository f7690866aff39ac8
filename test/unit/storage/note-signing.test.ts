import { describe, expect, it } from 'vitest';
import { amendNote, checkSeals, signNote } from '../../../crypto/note-signature';
import { newSigningKeyPair } from '../../../crypto/strict';
import { NoteSignedError, NotesRepo } from '../../../storage/notes-repo';
import { freshDb, randomCipher } from './support';

const key = newSigningKeyPair();
const writer = {
  author: 'me',
  next: (() => {
    let i = 0;
    return () => `0000000000${++i}:me`;
  })(),
};

describe('signed notes in NotesRepo', () => {
  it('a signed session note refuses edits, keeps its signature through a merge, and takes amendments', async () => {
    const notes = new NotesRepo(freshDb(), randomCipher());
    const k = { sessionId: 's', template: 'soap' as const, noteClass: 'progress' as const };
    await notes.save(k, { plan: 'first plan' }, writer);
    const n = (await notes.get('s', 'soap'))!;
    await notes.seal(n.id, (stored) => ({ signed: signNote(stored, key, 'R. Levi', 1) }));
    await expect(notes.save(k, { plan: 'edited' }, writer)).rejects.toBeInstanceOf(NoteSignedError);
    await expect(notes.put({ ...k, fields: { plan: 'put' } })).rejects.toBeInstanceOf(NoteSignedError);
    await expect(
      notes.seal(n.id, (s) => ({ signed: signNote({ ...s, signed: undefined }, key, 'x', 2) })),
    ).rejects.toBeInstanceOf(NoteSignedError);
    // A co-leader's later version still lands (nothing is lost); the signed record stays as it was.
    const merged = await notes.merge(k, 'subjective', {
      hlc: '00000000009:co',
      author: 'co',
      text: 'from the co-leader',
      base: '',
    });
    expect(merged).toBe(true);
    let stored = (await notes.byId(n.id))!;
    expect(stored.fields.subjective).toBe('from the co-leader');
    expect(stored.signed?.fields).toEqual({ plan: 'first plan' });
    expect(checkSeals(stored).map((c) => c.valid)).toEqual([true]);
    await notes.seal(n.id, (s) => ({
      amendment: amendNote(s, { plan: 'second plan' }, 'Corrected', key, 'R. Levi', 3),
    }));
    stored = (await notes.byId(n.id))!;
    expect(checkSeals(stored).map((c) => [c.kind, c.valid])).toEqual([
      ['original', true],
      ['amendment', true],
    ]);
  });

  it('a signed client note refuses a new save', async () => {
    const notes = new NotesRepo(freshDb(), randomCipher());
    const key2 = { sessionId: 's', memberId: 'ana', template: 'soap' as const, noteClass: 'progress' as const };
    const n = await notes.saveClientNote(key2, { plan: 'p' });
    await notes.seal(n.id, (s) => ({ signed: signNote(s, key, 'R. Levi', 1) }));
    await expect(notes.saveClientNote(key2, { plan: 'q' })).rejects.toBeInstanceOf(NoteSignedError);
    await expect(notes.seal('gone', (s) => ({ signed: signNote(s, key, 'x', 1) }))).rejects.toThrow(/no longer exists/);
  });
});
