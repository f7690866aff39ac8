import type { JSX } from 'preact';
import { Button } from '../common/Button';
import { useState } from 'preact/hooks';
import { PassphraseField } from './PassphraseField';
import type { StrengthFn, VaultPort } from './types';

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
    if (pass !== again) return setError('The two passphrases are not the same.');
    setBusy(true);
    setError('');
    try {
      await vault.create(pass);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <form class="card" onSubmit={submit} aria-labelledby="create-title">
      <h1 id="create-title">Set up your vault</h1>
      {clinicRecovery ? (
        <p class="quiet" data-clinic-recovery>
          Everything you write in Squircle is encrypted with a passphrase only you know. Your clinic has set up
          recovery: its key, kept offline by the clinic, can also open your backups, so your records can be recovered if
          the passphrase is lost. Nobody else, including Squircle, can.
        </p>
      ) : (
        <p class="quiet">
          Everything you write in Squircle is encrypted with a passphrase only you know. Nobody, including Squircle and
          your clinic, can recover it if it is lost.
        </p>
      )}
      <PassphraseField
        id="new-pass"
        label="Passphrase"
        value={pass}
        onInput={setPass}
        autoFocus
        describedBy="strength"
        onFocus={prepare}
      />
      <p id="strength" class={pass ? `hint score-${s.score}` : 'hint'} aria-live="polite">
        {pass ? s.hint : `At least ${minLength} characters. A few unrelated words work well.`}
      </p>
      <PassphraseField
        id="new-pass-again"
        label="Passphrase again"
        value={again}
        onInput={setAgain}
        invalid={mismatch}
        describedBy="again-hint"
      />
      <p id="again-hint" class={mismatch ? 'error' : 'hint'} aria-live="polite">
        {mismatch ? 'Not the same as the passphrase above yet.' : ''}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create vault'}
      </Button>
    </form>
  );
}
