/**
 * Unlock as the panel does it: unlockVault with the stored (default) KDF
 * parameters. Runs unchanged in Node and in the bench page.
 */
import { createVault, DEFAULT_KDF, unlockVault, wipe, type KdfCost } from '../../../crypto';
import { timeMs } from '../lib/stats';

export interface UnlockArgs {
  runs: number;
  /** Default DEFAULT_KDF; a cheaper cost only for trying the bench out. */
  cost?: KdfCost;
}

export interface UnlockSamples {
  samplesMs: number[];
}

const PASSPHRASE = 'correct horse battery staple, twice over';

export async function unlock({ runs, cost = DEFAULT_KDF }: UnlockArgs): Promise<UnlockSamples> {
  // createVault runs the same Argon2id once, so it also warms up hash-wasm's
  // WebAssembly module; the samples are unlocks after that.
  const { wrapped, vaultKey } = await createVault(PASSPHRASE, cost);
  const samplesMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    let key: Uint8Array | undefined;
    samplesMs.push(await timeMs(async () => (key = await unlockVault(PASSPHRASE, wrapped))));
    if (!key || !sameBytes(key, vaultKey)) throw new Error('unlockVault returned another key');
    wipe(key);
  }
  wipe(vaultKey);
  return { samplesMs };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
