import { describe, expect, it } from 'vitest';
import { ClientsRepo, GroupsRepo, MembersRepo } from '../../../storage/roster-repo';
import { RecordNotFoundError } from '../../../storage/sealed-table';
import { freshDb, randomCipher } from './support';

function repos() {
  const db = freshDb();
  const cipher = randomCipher();
  let t = 1000;
  const now = () => ++t;
  return {
    db,
    groups: new GroupsRepo(db, cipher, now),
    members: new MembersRepo(db, cipher, now),
    clients: new ClientsRepo(db, cipher, now),
  };
}

const groupInput = (name: string) => ({
  name,
  kind: 'closed' as const,
  schedule: 'Tuesdays 18:00',
  coLeaders: ['Dana', 'Lee'],
});

describe('roster', () => {
  it('creates, updates, archives and unarchives a group; lists by state sorted by name', async () => {
    const { groups } = repos();
    const b = await groups.create(groupInput('Bridges'));
    const a = await groups.create(groupInput('Anchors'));
    expect(b.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(b).toMatchObject({ archived: false, createdAt: b.updatedAt });
    expect((await groups.list()).map((g) => g.name)).toEqual(['Anchors', 'Bridges']);

    const renamed = await groups.update(b.id, { name: 'Bridges (online)', schedule: undefined });
    expect(renamed).toMatchObject({ name: 'Bridges (online)', schedule: 'Tuesdays 18:00', createdAt: b.createdAt });
    expect(renamed.updatedAt).toBeGreaterThan(b.updatedAt);

    await groups.archive(a.id);
    expect((await groups.list('active')).map((g) => g.name)).toEqual(['Bridges (online)']);
    expect((await groups.list('archived')).map((g) => g.name)).toEqual(['Anchors']);
    await groups.unarchive(a.id);
    expect(await groups.list('archived')).toEqual([]);
    expect((await groups.get(a.id))?.archived).toBe(false);
  });

  it('deleting a group removes its members, and only its members', async () => {
    const { db, groups, members } = repos();
    const g1 = await groups.create(groupInput('One'));
    const g2 = await groups.create(groupInput('Two'));
    await members.create({ groupId: g1.id, name: 'Ari', pronouns: 'they/them' });
    await members.create({ groupId: g1.id, name: 'Bo', pronouns: 'he/him' });
    const kept = await members.create({ groupId: g2.id, name: 'Cy', pronouns: 'she/her' });
    await groups.delete(g1.id);
    expect(await groups.get(g1.id)).toBeUndefined();
    expect(await db.members.where('groupId').equals(g1.id).count()).toBe(0);
    expect(await members.listByGroup(g2.id)).toEqual([kept]);
  });

  it('members: listed per group and state, never created in a missing group', async () => {
    const { groups, members } = repos();
    const g = await groups.create(groupInput('G'));
    const zed = await members.create({ groupId: g.id, name: 'Zed', pronouns: '' });
    await members.create({ groupId: g.id, name: 'Amy', pronouns: '' });
    await members.archive(zed.id);
    expect((await members.listByGroup(g.id)).map((m) => m.name)).toEqual(['Amy']);
    expect((await members.listByGroup(g.id, 'archived')).map((m) => m.name)).toEqual(['Zed']);
    await expect(members.create({ groupId: 'no-such-group', name: 'X', pronouns: '' })).rejects.toBeInstanceOf(
      RecordNotFoundError,
    );
  });

  it('clients: create, update, archive, delete', async () => {
    const { clients } = repos();
    const c = await clients.create({ name: 'Robin', pronouns: 'she/her' });
    await clients.update(c.id, { pronouns: 'they/them' });
    expect((await clients.get(c.id))?.pronouns).toBe('they/them');
    await clients.archive(c.id);
    expect((await clients.list('archived')).map((x) => x.id)).toEqual([c.id]);
    await clients.delete(c.id);
    expect(await clients.get(c.id)).toBeUndefined();
    await expect(clients.update(c.id, { name: 'x' })).rejects.toBeInstanceOf(RecordNotFoundError);
  });
});
