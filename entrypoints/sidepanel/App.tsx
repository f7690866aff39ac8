import type { JSX } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { VaultGate } from '../../components/vault/VaultGate';
import { onceRetrying } from '../../util/once-retrying';
import type { UnlockedProps } from './Unlocked';
import { t } from '../../util/i18n';
import { shownError } from '../../util/user-error';

type Props = UnlockedProps;

type UnlockedModule = typeof import('./Unlocked');
/** The unlocked panel's code (PanelShell and all under it), fetched once; a failed fetch may be retried. */
const loadUnlocked = onceRetrying(() => import('./Unlocked'));

export function App(props: Props): JSX.Element {
  // Loads the services and the unlocked panel while the passphrase is typed.
  const { services, settings } = props;
  const prepare = useCallback(() => {
    services.prepare();
    void loadUnlocked().catch(() => {});
  }, [services]);
  return (
    <main class="panel">
      <VaultGate
        vault={services.vault}
        strength={services.strength}
        minLength={settings.minPassphraseLength}
        restore={services.restore}
        prepare={prepare}
        clinicRecovery={settings.recoveryPublicKey !== ''}
      >
        <UnlockedWhenLoaded {...props} />
      </VaultGate>
    </main>
  );
}

/** Shows the unlocked panel once its code is here (at once when `prepare` fetched it while locked). */
function UnlockedWhenLoaded(props: Props): JSX.Element {
  // Usually fetched while the passphrase was typed: then it renders at once, with no extra render pass.
  const [mod, setMod] = useState<UnlockedModule | undefined>(loadUnlocked.value);
  const [error, setError] = useState('');
  useEffect(() => {
    if (mod) return;
    let live = true;
    loadUnlocked().then(
      (m) => live && setMod(m),
      (e: Error) => live && setError(shownError(e)),
    );
    return () => void (live = false);
  }, []);
  if (error)
    return (
      <p class="error" role="alert">
        {t('panel.loadFailed', { error })}
      </p>
    );
  if (!mod) return <p class="quiet">{t('common.opening')}</p>;
  return <mod.Unlocked {...props} />;
}
