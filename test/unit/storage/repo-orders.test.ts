// The small repositories' promises about order and shape: what a list is sorted by, what an
// added prompt is cut to, which session a call link suggests.
import { describe, expect, it } from 'vitest';
import { CategoriesRepo } from '../../../storage/categories-repo';
import { MessagesRepo } from '../../../storage/messages-repo';
import { PromptsRepo } from '../../../storage/prompts-repo';
import { SessionsRepo } from '../../../storage/sessions-repo';
import { freshDb, randomCipher } from './support';

describe('PromptsRepo', () => {
  it('keeps a prompt trimmed and at most 300 characters, and removes only the one asked', async () => {
    const repo = new PromptsRepo(freshDb(), randomCipher());
    await repo.add('body', '  Feet on the floor.  ');
    const [first] = await repo.add('body', 'x'.repeat(400));
    expect(first).toMatchObject({ theme: 'body', text: 'Feet on the floor.' });
    const list = await repo.list();
    expect(list.map((p) => p.text.length)).toEqual([18, 300]);
    expect((await repo.remove(list[1]!.id)).map((p) => p.text)).toEqual(['Feet on the floor.']);
    expect(await repo.list()).toHaveLength(1);
  });
});

describe('CategoriesRepo', () => {
  it('lists by family, then by label, and codes never come from the label', async () => {
    const repo = new CategoriesRepo(freshDb(), randomCipher());
    const made = await repo.add({ family: 'risk', label: 'Zeta' });
    await repo.add({ family: 'custom', label: 'Beta' });
    await repo.add({ family: 'risk', label: 'Alpha' });
    await repo.add({ family: 'custom', label: 'Alpha' });
    expect((await repo.list()).map((c) => `${c.family}/${c.label}`)).toEqual([
      'custom/Alpha',
      'custom/Beta',
      'risk/Alpha',
      'risk/Zeta',
    ]);
    expect(made.code).toMatch(/^custom:[0-9a-f-]{36}$/);
  });
});

describe('MessagesRepo', () => {
  it("lists a session's messages oldest first, whatever order they were stored in", async () => {
    const repo = new MessagesRepo(freshDb(), randomCipher());
    for (const [id, createdAt] of [
      ['c', 30],
      ['a', 10],
      ['b', 20],
    ] as const)
      await repo.put({
        id,
        sessionId: 's',
        kind: 'parked',
        direction: 'out',
        text: id,
        author: 'me',
        createdAt,
        deliveredAt: null,
        updatedAt: createdAt,
      });
    expect((await repo.listBySession('s')).map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('SessionsRepo', () => {
  it('suggests the owner of the latest session at a call link, none for an empty hash', async () => {
    const db = freshDb();
    const repo = new SessionsRepo(db, randomCipher());
    const start = (ownerId: string, startedAt: number, meetingHash: string) =>
      repo.start({ ownerKind: 'group', ownerId, platform: 'meet', meetingHash, startedAt });
    await start('older', 1_000, 'link');
    await start('newest', 3_000, 'link');
    await start('middle', 2_000, 'link');
    await start('blank', 4_000, '');
    expect(await repo.suggestOwner('link')).toEqual({ ownerKind: 'group', ownerId: 'newest' });
    expect(await repo.suggestOwner('')).toBeUndefined();
    expect(await repo.suggestOwner('other')).toBeUndefined();
    expect((await start('x', 5_000, 'l2')).attendance).toEqual({});
  });
});
