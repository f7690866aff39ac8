import { expect, it } from 'vitest';
import { fieldCipher, newVaultKey } from '../../../crypto';
import { SquircleDb } from '../../../storage/db';
import { PromptsRepo } from '../../../storage/prompts-repo';

it('keeps a leader’s own prompts sealed, and adds and removes them', async () => {
  const db = new SquircleDb(`t-${crypto.randomUUID()}`);
  const repo = new PromptsRepo(db, fieldCipher(newVaultKey()));
  const [p] = await repo.add('body', 'Sam, what do you notice in your shoulders?');
  expect(await repo.list()).toEqual([p]);
  const row = await db.scratch.get('prompts');
  expect(new TextDecoder().decode(row!.body)).not.toContain('shoulders');
  expect(await repo.remove(p!.id)).toEqual([]);
});
