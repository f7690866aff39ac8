import { expect, it } from 'vitest';
import { SessionActions } from '../../../ext/common/session-actions';
import { GroupsRepo, MembersRepo } from '../../../storage/roster-repo';
import { deleteSampleGroup } from '../../../storage/sample-group';
import { freshDb, randomCipher } from '../storage/support';

it('removing the sample group removes its members, sessions and markers, and nothing of another group', async () => {
  const db = freshDb();
  const cipher = randomCipher();
  const groups = new GroupsRepo(db, cipher);
  const members = new MembersRepo(db, cipher);
  const actions = new SessionActions(db, cipher, 'me');
  const group = (name: string) => groups.create({ name, kind: 'closed', schedule: '', coLeaders: [] });
  const sample = await group('Sample group (fictional)');
  const real = await group('Tuesday group');
  await members.create({ groupId: sample.id, name: 'Ana (sample)', pronouns: '' });
  await members.create({ groupId: real.id, name: 'Robin', pronouns: '' });
  const kept = await actions.start('group', real.id, 'none', '');
  await actions.mark(kept, { category: 'general.mark' });
  const practice = await actions.start('group', sample.id, 'demo', '');
  await actions.mark(practice, { category: 'general.mark' });
  await actions.mark(practice, { category: 'frame.late' });
  expect((await actions.active())?.id).toBe(practice.id);

  await deleteSampleGroup(db, cipher, sample.id);
  expect(await actions.active()).toBeNull();
  expect((await groups.list()).map((g) => g.name)).toEqual(['Tuesday group']);
  expect(await db.members.count()).toBe(1);
  expect(await db.sessions.toCollection().primaryKeys()).toEqual([kept.id]);
  expect(await db.markers.where('sessionId').equals(kept.id).count()).toBe(1);
  expect(await db.markers.count()).toBe(1);
});
