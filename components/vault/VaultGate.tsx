import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { CreateVault } from './CreateVault';
import { RestoreBackup } from './RestoreBackup';
import { UnlockVault } from './UnlockVault';
import type { StrengthFn, VaultPort, VaultState } from './types';

interface Props {
  vault: VaultPort;
  strength: StrengthFn;
  minLength: number;
  /** Offered on first run: start from a backup file instead. */
  restore?: (text: string, passphrase: string) => Promise<void>;
  children: ComponentChildren;
}

/** Shows its children only while the vault is unlocked. */
export function VaultGate({ vault, strength, minLength, restore, children }: Props): JSX.Element {
  const [state, setState] = useState<VaultState | 'loading'>('loading');
  useEffect(() => {
    const off = vault.onChange(setState);
    void vault.state().then(setState);
    return off;
  }, [vault]);

  if (state === 'loading') return <p class="quiet" aria-busy="true">Opening…</p>;
  if (state === 'none')
    return (
      <>
        <CreateVault vault={vault} strength={strength} minLength={minLength} />
        {restore && <RestoreBackup restore={restore} />}
      </>
    );
  if (state === 'locked') return <UnlockVault vault={vault} />;
  return <>{children}</>;
}
