import type { Id } from '../domain/types';
import type { SquircleDb } from './db';

/**
 * Which session is running. Only the id is kept, in the clear meta table,
 * so the background can find it for shortcuts without opening every session.
 */
export async function activeSessionId(db: SquircleDb): Promise<Id | null> {
  const row = await db.meta.get('active');
  return row?.id === 'active' ? row.sessionId : null;
}

export async function setActiveSession(db: SquircleDb, sessionId: Id | null): Promise<void> {
  await db.meta.put({ id: 'active', sessionId });
}
