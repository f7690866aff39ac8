import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { CreateVault } from './CreateVault';
import { RestoreBackup } from './RestoreBackup';
import { UnlockVault } from './UnlockVault';
import type { StrengthFn, VaultPort, VaultState } from './types';
import { t } from '../../util/i18n';

interface Props {
  vault: VaultPort;
  strength: StrengthFn;
  minLength: number;
  /** Offered on first run: start from a backup file instead. */
  restore?: (text: string, passphrase: string) => Promise<void>;
  /**
   * Starts loading what unlocking and the unlocked children need (called
   * often; must be cheap after the first call). Called when a passphrase
   * field gets focus and when the browser is first idle on a lock screen,
   * so the code is in place before the passphrase is.
   */
  prepare?: () => void;
  /** The clinic's policy names a recovery key (CreateVault says so). */
  clinicRecovery?: boolean;
  children: ComponentChildren;
}

/** Shows its children only while the vault is unlocked. */
export function VaultGate({
  vault,
  strength,
  minLength,
  restore,
  prepare,
  clinicRecovery,
  children,
}: Props): JSX.Element {
  const [state, setState] = useState<VaultState | 'loading'>('loading');
  useEffect(() => {
    const off = vault.onChange(setState);
    void vault.state().then(setState);
    return off;
  }, [vault]);
  const gated = state === 'none' || state === 'locked';
  useEffect(() => {
    if (!gated || !prepare) return;
    // Firefox and Chromium both have requestIdleCallback; the timeout bounds the wait on a busy page.
    const id = requestIdleCallback(() => prepare(), { timeout: 1000 });
    return () => cancelIdleCallback(id);
  }, [gated, prepare]);

  if (state === 'loading')
    return (
      <p class="quiet" aria-busy="true">
        {t('common.opening')}
      </p>
    );
  if (state === 'none')
    return (
      <>
        <CreateVault
          vault={vault}
          strength={strength}
          minLength={minLength}
          prepare={prepare}
          clinicRecovery={clinicRecovery}
        />
        {restore && <RestoreBackup restore={restore} />}
      </>
    );
  if (state === 'locked') return <UnlockVault vault={vault} prepare={prepare} />;
  return <>{children}</>;
}
