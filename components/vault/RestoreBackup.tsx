import type { JSX } from 'preact';
import { Field } from '../common/Field';
import { Button } from '../common/Button';
import { useState } from 'preact/hooks';
import { PassphraseField } from './PassphraseField';

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
          setError(`${(err as Error).message} Nothing was changed.`);
          setBusy(false);
        }
      }}
    >
      <h2 id="restore-title">Or restore from a backup</h2>
      <Field
        id="restore-file"
        label="Backup file"
        type="file"
        accept=".squircle,application/json"
        onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
      />
      <PassphraseField id="restore-pass" label="Passphrase of that backup" value={pass} onInput={setPass} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <Button type="submit" disabled={busy || !file || !pass}>
        {busy ? 'Checking…' : 'Check and restore'}
      </Button>
    </form>
  );
}
