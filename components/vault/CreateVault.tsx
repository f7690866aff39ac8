import type { JSX } from 'preact';
import { Button } from '../common/Button';
import { useState } from 'preact/hooks';
import { PassphraseField } from './PassphraseField';
import type { StrengthFn, VaultPort } from './types';
import { t } from '../../util/i18n';
import { shownError } from '../../util/user-error';

interface Props {
  vault: VaultPort;
  strength: StrengthFn;
  minLength: number;
  /** Starts loading what creating the vault needs, once the first field has focus. */
  prepare?: () => void;
  /** The clinic's policy names a recovery key: the vault key is also sealed to it. */
  clinicRecovery?: boolean;
}

/** First run: choose the passphrase that protects everything in Squircle. */
export function CreateVault({ vault, strength, minLength, prepare, clinicRecovery }: Props): JSX.Element {
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const s = strength(pass, minLength);
  const mismatch = again.length > 0 && again !== pass;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!s.ok) return setError(s.hint);
    if (pass !== again) return setError(t('vault.notSame'));
    setBusy(true);
    setError('');
    try {
      await vault.create(pass);
    } catch (err) {
      setError(shownError(err));
      setBusy(false);
    }
  };

  return (
    <form class="card" onSubmit={submit} aria-labelledby="create-title">
      <h1 id="create-title">{t('vault.createTitle')}</h1>
      {clinicRecovery ? (
        <p class="quiet" data-clinic-recovery>
          {t('vault.createIntroRecovery')}
        </p>
      ) : (
        <p class="quiet">{t('vault.createIntro')}</p>
      )}
      <PassphraseField
        id="new-pass"
        label={t('vault.passphrase')}
        value={pass}
        onInput={setPass}
        autoFocus
        describedBy="strength"
        onFocus={prepare}
      />
      <p id="strength" class={pass ? `hint score-${s.score}` : 'hint'} aria-live="polite">
        {pass ? s.hint : t('vault.minLength', { min: minLength })}
      </p>
      <PassphraseField
        id="new-pass-again"
        label={t('vault.passphraseAgain')}
        value={again}
        onInput={setAgain}
        invalid={mismatch}
        describedBy="again-hint"
      />
      <p id="again-hint" class={mismatch ? 'error' : 'hint'} aria-live="polite">
        {mismatch ? t('vault.notSameYet') : ''}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? t('vault.creating') : t('vault.create')}
      </Button>
    </form>
  );
}
