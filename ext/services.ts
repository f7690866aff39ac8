import { passphraseStrength } from '../crypto/passphrase';
import { SquircleDb } from '../storage/db';
import { ScratchRepo } from '../storage/scratch-repo';
import { backupApi, restoreIntoEmptyProfile } from './backup-api';
import { CoLeaderService } from './coleader-service';
import { deviceId } from './device';
import { historyApi, sessionApi } from './panel-api';
import { VaultService } from './vault-service';

/**
 * One place that builds what an extension page needs, so entrypoints stay
 * thin and components receive plain functions.
 */
export function pageServices() {
  const db = new SquircleDb();
  const vault = new VaultService(db);
  return {
    db,
    vault,
    strength: passphraseStrength,
    /** Restores a backup into a profile that has no vault yet, then unlocks it. */
    restore: async (text: string, passphrase: string) => {
      await restoreIntoEmptyProfile(db, text, passphrase);
      await vault.unlock(passphrase);
    },
    scratch: {
      load: () => new ScratchRepo(db, vault.fields()).load(),
      save: (text: string) => new ScratchRepo(db, vault.fields()).save(text),
    },
    /** The APIs of the unlocked panel; build again after each unlock. */
    unlocked: async (opts: { exportAllowed: boolean; perMemberExportAllowed: boolean; backupAllowed: boolean; brokerUrl: string; openPrint: (id: string, c: 'process' | 'progress') => void }) => {
      const cipher = vault.fields();
      const coleaders = new CoLeaderService(db, cipher, () => opts.brokerUrl);
      return {
        coleaders,
        session: sessionApi(db, cipher, vault.key(), await deviceId(), coleaders.sink),
        history: historyApi(db, cipher, opts),
        backup: backupApi(db, cipher, opts.backupAllowed),
      };
    },
  };
}

export type PageServices = ReturnType<typeof pageServices>;
