import { passphraseStrength } from '../crypto/passphrase';
import { SquircleDb } from '../storage/db';
import { ScratchRepo } from '../storage/scratch-repo';
import { VaultService } from './vault-service';

/**
 * One place that builds what an extension page needs, so entrypoints stay
 * thin and components receive plain functions.
 */
export function pageServices() {
  const db = new SquircleDb();
  const vault = new VaultService(db);
  return {
    vault,
    strength: passphraseStrength,
    scratch: {
      load: () => new ScratchRepo(db, vault.fields()).load(),
      save: (text: string) => new ScratchRepo(db, vault.fields()).save(text),
    },
  };
}

export type PageServices = ReturnType<typeof pageServices>;
