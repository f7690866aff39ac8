/**
 * The line between the contexts of one vault about its co-leader channels:
 * a BroadcastChannel that the extension pages and the background share
 * (same origin). The page running a channel's engine (CoLeaderService,
 * ext/panel/coleader-service.ts) listens on it; other pages, and the
 * background after a shortcut or detection queued events, tell it there.
 */

/** `outbox`: envelopes were queued, send them now. `restart`: a channel record changed elsewhere. */
export type CoLeaderPageMessage = { kind: 'outbox' } | { kind: 'restart'; channelId?: string };

/** The line's name for the vault's database. */
export const coLeaderPagesName = (dbName: string): string => `squircle-coleaders:${dbName}`;

/**
 * Tells the page running the channels that the outbox grew, so its engine
 * sends the new envelopes at once rather than at its next heartbeat. With
 * no such page open nothing listens: the rows wait in the outbox and go
 * once a panel starts the channel.
 */
export function tellOutboxGrew(dbName: string): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const line = new BroadcastChannel(coLeaderPagesName(dbName));
  try {
    line.postMessage({ kind: 'outbox' } satisfies CoLeaderPageMessage);
  } finally {
    // Nothing is read here, so the line is not kept; a message posted before close() is still delivered.
    line.close();
  }
}
