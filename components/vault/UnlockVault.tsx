import type { JSX } from 'preact';
import { Button } from '../common/Button';
import { useEffect, useState } from 'preact/hooks';
import { PassphraseField } from './PassphraseField';
import type { VaultPort } from './types';
import { errorText } from './key-problem';
import { t } from '../../util/i18n';

/**
 * The locked screen: one field, a calm message on a wrong passphrase.
 * `prepare` starts loading what unlocking needs once the field has focus.
 */
export function UnlockVault({ vault, prepare }: { vault: VaultPort; prepare?: () => void }): JSX.Element {
  const [pass, setPass] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [wait, setWait] = useState(0);
  const [needsKey, setNeedsKey] = useState(false);

  useEffect(() => {
    void vault.waitSeconds().then(setWait);
    void vault.needsKey?.().then(setNeedsKey, () => {});
  }, [vault]);
  useEffect(() => {
    if (wait <= 0) return;
    const t = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(t);
  }, [wait]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!pass || wait > 0) return;
    setBusy(true);
    setError('');
    try {
      await vault.unlock(pass);
    } catch (err) {
      setError(errorText(err));
      setPass('');
      setWait(await vault.waitSeconds());
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" onSubmit={submit} aria-labelledby="unlock-title">
      <h1 id="unlock-title">{t('vault.lockedTitle')}</h1>
      <PassphraseField
        id="unlock-pass"
        label={t('vault.passphrase')}
        value={pass}
        onInput={setPass}
        autoFocus
        invalid={!!error}
        onFocus={prepare}
      />
      {needsKey && (
        <p class="quiet" id="unlock-key-hint" data-needs-key>
          {busy ? t('securityKey.touchUnlock') : t('securityKey.unlockHint')}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {t('common.notesSafe', { error })}
        </p>
      )}
      {wait > 0 && (
        <p class="quiet" aria-live="polite">
          {t('vault.tryAgainIn', { seconds: wait })}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={busy || wait > 0}>
        {busy ? t('vault.unlocking') : t('vault.unlock')}
      </Button>
    </form>
  );
}
