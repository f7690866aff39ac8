import type { FieldCipher } from '../crypto/types';
import type { Id } from '../domain/types';
import type { SquircleDb } from './db';
import { SealedTable } from './sealed-table';
import { SessionsRepo } from './sessions-repo';
import { memberSpec } from './tables';

/**
 * Deletes a group with everything recorded about it: its members, its
 * sessions with their markers, notes and messages, and the running-session
 * mark if one of them runs. Only for the first run's fictional sample group;
 * a real group's sessions stay when it is deleted (RosterRepo) and retention
 * decides about them.
 */
export async function deleteSampleGroup(db: SquircleDb, cipher: FieldCipher, groupId: Id): Promise<void> {
  // Owners are sealed and group references keyed: find them with the key, then delete in one go.
  const members = new SealedTable(db.members, memberSpec, cipher);
  await db.transaction(
    'rw',
    [db.groups, db.members, db.sessions, db.markers, db.notes, db.messages, db.meta],
    async () => {
      const ids = (await new SessionsRepo(db, cipher).listByOwner(groupId)).map((s) => s.id);
      const active = await db.meta.get('active');
      if (active?.id === 'active' && active.sessionId && ids.includes(active.sessionId)) await db.meta.delete('active');
      if (ids.length) {
        await db.markers.where('sessionId').anyOf(ids).delete();
        await db.notes.where('sessionId').anyOf(ids).delete();
        await db.messages.where('sessionId').anyOf(ids).delete();
        await db.sessions.bulkDelete(ids);
      }
      await db.members.where('groupId').anyOf(members.lookup('groupId', groupId)).delete();
      await db.groups.delete(groupId);
    },
  );
}
