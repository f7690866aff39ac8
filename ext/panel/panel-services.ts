import { passphraseStrength } from '../../crypto/passphrase';
import { peekVault } from '../../storage/vault-peek';
import { mergeThrottle, unlockDelaySeconds } from '../../storage/vault-store';
import { throttleMirror } from '../common/throttle-mirror';
import type { PageServices } from './services';
import { integrityCheckFailed, type IntegrityAlert } from './integrity';
import { onceRetrying } from '../../util/once-retrying';
import { clearSessionKey, readSessionKey } from '../common/session-key';
import type { KdfFloor, VaultState } from './vault-service';
import { UserError } from '../../util/user-error';

type UnlockedOptions = Parameters<PageServices['unlocked']>[0];

/**
 * What the side panel needs, built so that its lock screen loads almost
 * nothing: whether a vault exists and the unlock throttle are read with
 * plain IndexedDB, and Dexie, tweetnacl, hash-wasm and every service
 * (`pageServices()`, services.ts) come in through a dynamic import the
 * first time anything needs them, or earlier through `prepare()`, which the
 * lock screen calls as soon as the passphrase field has focus or the panel
 * is idle, so they are in place before the passphrase is. `kdfFloor`: the
 * clinic's KDF floor (settings: kdfMinimum), and `recoveryKey`, the clinic's
 * recovery public key, read when the vault is created or unlocked.
 */
export function panelServices(deps: { kdfFloor: () => KdfFloor | undefined; recoveryKey?: () => string | undefined }) {
  const listeners = new Set<(s: VaultState) => void>();
  const load = onceRetrying(() =>
    import('./services').then(
      (m) => {
        const full = m.pageServices(deps);
        full.vault.onChange((s) => listeners.forEach((cb) => cb(s)));
        // Open the database now, while the passphrase is typed, not after it is submitted.
        void full.db.open().catch(() => {});
        return full;
      },
      (e: Error) => {
        throw new UserError(
          'serviceErrors.codeNotLoaded',
          `Squircle could not load its code (${e.message}). Close the panel and open it again.`,
          { error: e.message },
        );
      },
    ),
  );

  /** The vault as the lock screen sees it (VaultPort), with VaultService behind it once loaded. */
  const vault = {
    async state(): Promise<VaultState> {
      const full = load.value;
      if (full) return full.vault.state();
      const [peek, sessionKey] = await Promise.all([peekVault(), readSessionKey()]);
      if (!peek.exists) return 'none';
      // Unlocked in another window: the key is adopted by the real service.
      if (sessionKey) return (await load()).vault.state();
      return 'locked';
    },
    onChange(cb: (s: VaultState) => void): () => void {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    create: async (passphrase: string) => (await load()).vault.create(passphrase),
    unlock: async (passphrase: string) => (await load()).vault.unlock(passphrase),
    lock: async () => (load.value ? load.value.vault.lock() : clearSessionKey()),
    needsKey: async (): Promise<boolean> =>
      load.value ? load.value.vault.needsKey() : (await peekVault()).securityKey,
    /** Seconds until another try is allowed, as VaultService.waitSeconds counts them. */
    async waitSeconds(): Promise<number> {
      const full = load.value;
      if (full) return full.vault.waitSeconds();
      const [{ throttle: inDb }, outside] = await Promise.all([peekVault(), throttleMirror.read()]);
      const throttle = mergeThrottle(inDb, outside);
      const due = throttle.lastFailureAt + unlockDelaySeconds(throttle.failures) * 1000;
      return Math.max(0, Math.ceil((due - Date.now()) / 1000));
    },
  };

  return {
    vault,
    strength: passphraseStrength,
    /** Starts loading what unlocking and the unlocked panel need; safe to call often. */
    prepare: (): void => void load().catch(() => {}),
    /** What retention last deleted, in words, if it ever did. */
    retentionNotice: async () => (await load()).retentionNotice(),
    /**
     * What changed outside Squircle since the last unlock, in words (integrity
     * ledger), or, when the check could not run, an alert that says so.
     */
    integrity: async (): Promise<IntegrityAlert | undefined> => {
      try {
        return await (await load()).integrity();
      } catch (e) {
        return integrityCheckFailed(e);
      }
    },
    acceptIntegrity: async () => (await load()).acceptIntegrity(),
    /** Restores a backup into a profile that has no vault yet, then unlocks it. */
    restore: async (text: string, passphrase: string) => (await load()).restore(text, passphrase),
    scratch: {
      load: async () => (await load()).scratch.load(),
      save: async (text: string) => (await load()).scratch.save(text),
      keep: (text: string) => load.value?.scratch.keep(text),
    },
    /** The APIs of the unlocked panel; build again after each unlock. */
    unlocked: async (opts: UnlockedOptions) => (await load()).unlocked(opts),
  };
}

export type PanelServices = ReturnType<typeof panelServices>;
