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

/** Hands what a field still has to save to somewhere that outlives the key (synchronously). */
export type KeepUnsaved = () => void;

const pending = new Map<SettleSave, KeepUnsaved | undefined>();

/**
 * Registers a field's `settle`: it saves what the field still holds (and
 * waits for a save under way), and rejects when that text could not be
 * saved. `keep`, when the field has one, hands over what it still holds for
 * a lock that cannot wait (keepPendingSaves). Returns the call that removes
 * it again.
 */
export function registerPendingSave(settle: SettleSave, keep?: KeepUnsaved): () => void {
  pending.set(settle, keep);
  return () => void pending.delete(settle);
}

/**
 * A lock made elsewhere (another page, the auto-lock) erases the key even
 * when typed text could not be saved (a full disk): each field hands over
 * what it still holds, sealed while the key is still here, to be saved the
 * next time it opens.
 */
export function keepPendingSaves(): void {
  for (const keep of pending.values()) keep?.();
}

/**
 * Settles every registered field at once and waits for all of them; rejects
 * with UnsavedTextError, once all have finished, when any could not save.
 */
export async function settlePendingSaves(): Promise<void> {
  const results = await Promise.allSettled([...pending.keys()].map((settle) => settle()));
  const failed = results.filter((r) => r.status === 'rejected').length;
  if (failed) throw new UnsavedTextError(failed);
}
