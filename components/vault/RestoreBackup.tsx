import type { JSX } from 'preact';
import { Field } from '../common/Field';
import { Button } from '../common/Button';
import { useState } from 'preact/hooks';
import { PassphraseField } from './PassphraseField';
import { errorText } from './key-problem';
import { t } from '../../util/i18n';

/** A new browser profile can start from a backup file instead of a new vault. */
export function RestoreBackup({
  restore,
}: {
  restore: (text: string, passphrase: string) => Promise<void>;
}): JSX.Element {
  const [file, setFile] = useState<File | null>(null);
  const [pass, setPass] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="card"
      aria-labelledby="restore-title"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!file || !pass) return;
        setBusy(true);
        setError('');
        try {
          await restore(await file.text(), pass);
        } catch (err) {
          setError(t('common.nothingChanged', { error: errorText(err) }));
          setBusy(false);
        }
      }}
    >
      <h2 id="restore-title">{t('vault.restoreTitle')}</h2>
      <Field
        id="restore-file"
        label={t('vault.backupFile')}
        type="file"
        accept=".squircle,application/json"
        onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
      />
      <PassphraseField id="restore-pass" label={t('vault.backupPassphrase')} value={pass} onInput={setPass} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <Button type="submit" disabled={busy || !file || !pass}>
        {busy ? t('vault.checking') : t('vault.checkAndRestore')}
      </Button>
    </form>
  );
}
