import { describe, expect, it } from 'vitest';
import { NotesRepo } from '../../../storage/notes-repo';
import { freshDb, randomCipher } from './support';

describe('client notes in NotesRepo', () => {
  it("one per member, apart from the session's own note in the same template", async () => {
    const notes = new NotesRepo(freshDb(), randomCipher());
    await notes.put({ sessionId: 's', template: 'soap', noteClass: 'progress', fields: { plan: 'group plan' } });
    const key = { sessionId: 's', memberId: 'ana', template: 'soap' as const, noteClass: 'progress' as const };
    await Promise.all([
      notes.saveClientNote(key, { plan: 'first' }),
      notes.saveClientNote(key, { plan: 'second' }),
      notes.saveClientNote({ ...key, memberId: 'ben' }, { plan: 'for Ben' }),
    ]);
    const clients = await notes.clientNotes('s');
    expect(clients.map((n) => [n.memberId, n.fields.plan]).sort()).toEqual([
      ['ana', 'second'],
      ['ben', 'for Ben'],
    ]);
    expect((await notes.get('s', 'soap'))?.fields).toEqual({ plan: 'group plan' });
    // Another template for Ana replaces her note rather than adding one.
    await notes.saveClientNote({ ...key, template: 'dap' }, { data: 'dap' });
    expect((await notes.clientNotes('s')).filter((n) => n.memberId === 'ana').map((n) => n.template)).toEqual(['dap']);
  });
});
