import { describe, expect, it } from 'vitest';
import { CUSTOM_CODE_PREFIX, CategoriesRepo } from '../../../storage/categories-repo';
import { NotesRepo } from '../../../storage/notes-repo';
import { categoryLabel } from '../../../domain/categories';
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

describe('clinic categories', () => {
  const wanted = [{ label: 'Mandated report consideration', family: 'risk' }, { label: 'Homework set' }];

  it('get random codes kept in the vault: the same on every call, never a slug of the label', async () => {
    const db = freshDb();
    const cipher = randomCipher();
    const repo = new CategoriesRepo(db, cipher);
    expect(await repo.clinicStored(wanted)).toEqual([undefined, undefined]);
    const first = await repo.ensureClinic(wanted);
    expect(first.map((c) => [c.label, c.family, c.clinic])).toEqual([
      ['Mandated report consideration', 'risk', true],
      ['Homework set', 'custom', true],
    ]);
    for (const c of first) {
      expect(c.code).toMatch(/^clinic:[0-9a-f-]{36}$/);
      expect(c.code).not.toMatch(/mandated|homework/i);
    }
    expect((await repo.ensureClinic(wanted)).map((c) => c.code)).toEqual(first.map((c) => c.code));
    expect((await repo.clinicStored(wanted)).map((c) => c?.code)).toEqual(first.map((c) => c.code));
    // Another vault gives other codes.
    const other = await new CategoriesRepo(freshDb(), randomCipher()).ensureClinic(wanted);
    expect(other[0]!.code).not.toBe(first[0]!.code);
    // Kept apart from the user's own, but labelled everywhere.
    expect(await repo.list()).toEqual([]);
    expect((await repo.all()).map((c) => c.code).sort()).toEqual(first.map((c) => c.code).sort());
    // On disk: neither code nor label.
    const disk = JSON.stringify(await db.categories.toArray(), (_k, v: unknown) =>
      v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v,
    );
    for (const c of first) {
      expect(disk).not.toContain(c.code);
      expect(disk).not.toContain(c.label);
    }
  });

  it('an older code (an alias) still finds its label', () => {
    const c = {
      code: 'clinic:abc',
      label: 'Homework set',
      family: 'custom',
      createdAt: 0,
      aliases: ['clinic:homework-set'],
    };
    expect(categoryLabel('clinic:homework-set', [c])).toBe('Homework set');
    expect(categoryLabel('clinic:abc', [c])).toBe('Homework set');
    expect(categoryLabel('clinic:other', [c])).toBe('clinic:other');
  });
});
