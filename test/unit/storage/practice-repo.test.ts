import { expect, it } from 'vitest';
import { fieldCipher, newVaultKey } from '../../../crypto';
import { SquircleDb } from '../../../storage/db';
import { KEEP_DEBRIEFS, PracticeRepo } from '../../../storage/practice-repo';
import type { PracticeDebrief } from '../../../domain/practice';

const debrief = (id: string, startedAt: number): PracticeDebrief => ({
  id,
  scenarioId: 'late-and-behind',
  title: 'Someone behind, a face, a late arrival',
  speed: 1,
  startedAt,
  moments: [],
  noticed: 0,
  namedAloud: 0,
  meanSeconds: null,
});

it('keeps practice debriefs sealed beside the scratch note, newest first, one per run, a few dozen', async () => {
  const db = new SquircleDb(`t-${crypto.randomUUID()}`);
  const repo = new PracticeRepo(db, fieldCipher(newVaultKey()));
  await repo.save(debrief('a', 1));
  await repo.save(debrief('b', 2));
  await repo.save({ ...debrief('a', 1), noticed: 3 });
  expect((await repo.list()).map((d) => [d.id, d.noticed])).toEqual([
    ['b', 0],
    ['a', 3],
  ]);
  const row = await db.scratch.get('practice');
  expect(new TextDecoder().decode(row!.body)).not.toContain('late arrival');
  // Nothing of it is in the clinical tables.
  expect(await db.sessions.count()).toBe(0);
  expect(await db.markers.count()).toBe(0);
  for (let i = 0; i < KEEP_DEBRIEFS + 5; i++) await repo.save(debrief(`x${i}`, 10 + i));
  const kept = await repo.list();
  expect(kept).toHaveLength(KEEP_DEBRIEFS);
  expect(kept[0]!.id).toBe(`x${KEEP_DEBRIEFS + 4}`);
  expect(await repo.remove(kept[0]!.id)).toHaveLength(KEEP_DEBRIEFS - 1);
});
