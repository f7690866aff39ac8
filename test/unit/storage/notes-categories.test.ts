import { describe, expect, it } from 'vitest';
import { CUSTOM_CODE_PREFIX, CategoriesRepo } from '../../../storage/categories-repo';
import { NotesRepo } from '../../../storage/notes-repo';
import { freshDb, randomCipher } from './support';

describe('notes', () => {
  it('keeps one draft per session and template, updating it in place', async () => {
    const db = freshDb();
    const notes = new NotesRepo(db, randomCipher());
    const first = await notes.put({
      sessionId: 's-1',
      template: 'soap',
      noteClass: 'progress',
      fields: { s: 'subjective v1' },
    });
    await notes.put({ sessionId: 's-1', template: 'group-process', noteClass: 'process', fields: { themes: 'trust' } });
    const second = await notes.put({
      sessionId: 's-1',
      template: 'soap',
      noteClass: 'progress',
      fields: { s: 'subjective v2' },
    });
    expect(second.id).toBe(first.id);
    expect((await notes.get('s-1', 'soap'))?.fields).toEqual({ s: 'subjective v2' });
    expect((await notes.get('s-1', 'group-process'))?.noteClass).toBe('process');
    expect(await notes.get('s-1', 'dap')).toBeUndefined();
    expect(await notes.get('s-2', 'soap')).toBeUndefined();
    expect(await db.notes.count()).toBe(2);
  });

  it('two saves at once still make one note', async () => {
    const db = freshDb();
    const notes = new NotesRepo(db, randomCipher());
    const draft = { sessionId: 's-1', template: 'dap' as const, noteClass: 'progress' as const };
    await Promise.all([notes.put({ ...draft, fields: { d: 'a' } }), notes.put({ ...draft, fields: { d: 'b' } })]);
    expect(await db.notes.count()).toBe(1);
  });
});

describe('custom categories', () => {
  it('add with a generated code, rename, list sorted, remove', async () => {
    const repo = new CategoriesRepo(freshDb(), randomCipher());
    const b = await repo.add({ label: 'Silence', family: 'process' });
    const a = await repo.add({ label: 'Anger at leader', family: 'process' });
    expect(a.code.startsWith(CUSTOM_CODE_PREFIX)).toBe(true);
    expect(a.code).not.toMatch(/anger/i);
    await repo.update(b.code, { label: 'Long silence' });
    expect((await repo.list()).map((c) => c.label)).toEqual(['Anger at leader', 'Long silence']);
    await repo.remove(a.code);
    expect((await repo.list()).map((c) => c.code)).toEqual([b.code]);
  });
});
