import Dexie, { type ObservabilitySet } from 'dexie';

/**
 * Calls `cb` after every committed change to one table of `db`, made in this
 * page or, through Dexie's cross-page notices, in another page or the
 * background. Returns the unsubscribe.
 */
export function onTableChanged(db: Dexie, table: string, cb: () => void): () => void {
  const part = `idb://${db.name}/${table}/`;
  const listener = (parts: ObservabilitySet) => {
    if (parts.all || parts[part]) cb();
  };
  Dexie.on('storagemutated', listener);
  return () => Dexie.on.storagemutated.unsubscribe(listener);
}
