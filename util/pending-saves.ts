/**
 * Text typed into an autosaved field waits a moment before it is saved
 * (components/useAutosave.ts). A lock erases the vault key, and nothing can
 * be sealed after that, so every such field registers here and the vault
 * (ext/panel/vault-service.ts) settles them all before it erases the key.
 * No browser API here: the page's components and its vault share this one
 * registry.
 */
export type SettleSave = () => Promise<void>;

/** Some typed text could not be saved: it is still on screen, in the field that holds it. */
export class UnsavedTextError extends Error {
  override readonly name = 'UnsavedTextError';
  constructor(readonly fields: number) {
    super(`${fields === 1 ? 'A field' : `${fields} fields`} could not be saved.`);
  }
}

const pending = new Set<SettleSave>();

/**
 * Registers a field's `settle`: it saves what the field still holds (and
 * waits for a save under way), and rejects when that text could not be
 * saved. Returns the call that removes it again.
 */
export function registerPendingSave(settle: SettleSave): () => void {
  pending.add(settle);
  return () => void pending.delete(settle);
}

/**
 * Settles every registered field at once and waits for all of them; rejects
 * with UnsavedTextError, once all have finished, when any could not save.
 */
export async function settlePendingSaves(): Promise<void> {
  const results = await Promise.allSettled([...pending].map((settle) => settle()));
  const failed = results.filter((r) => r.status === 'rejected').length;
  if (failed) throw new UnsavedTextError(failed);
}
