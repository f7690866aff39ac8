import type { JSX } from 'preact';
import { Field } from '../common/Field';
import { Button } from '../common/Button';
import { useState } from 'preact/hooks';
import { downloadText } from '../common/download';
import { PassphraseField } from '../vault/PassphraseField';

export interface BackupApi {
  allowed: boolean;
  exportBackup(onProgress: (done: number, total: number) => void): Promise<string>;
  /** Verifies the whole file before writing anything; throws a clear message. */
  importBackup(
    text: string,
    passphrase: string,
    onProgress: (done: number, total: number) => void,
  ): Promise<{ records: number }>;
}

/** One encrypted file out; one verified file in. */
export function BackupView({ api }: { api: BackupApi }): JSX.Element {
  const [progress, setProgress] = useState<string>('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | undefined>();
  const [file, setFile] = useState<File | null>(null);
  const [pass, setPass] = useState('');
  const [busy, setBusy] = useState(false);
  const onProgress = (done: number, total: number) => setProgress(`${Math.round((done / Math.max(1, total)) * 100)} %`);
  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setMsg(undefined);
    try {
      setMsg({ ok: true, text: await work() });
    } catch (e) {
      setMsg({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
      setProgress('');
    }
  };
  if (!api.allowed) return <p class="quiet">Backups are turned off by your clinic.</p>;
  return (
    <section class="card" aria-labelledby="backup-title">
      <h2 id="backup-title">Backup</h2>
      <div class="quiet" data-backup-reveals>
        <p>
          A backup file holds this vault as it is stored here. Every note, name, marker and record is encrypted, and the
          file opens only with the passphrase the vault had when the backup was made.
        </p>
        <p>Without that passphrase, anyone holding the file can still see:</p>
        <ul>
          <li>how many records of each kind there are (sessions, markers, notes, members, ratings…);</li>
          <li>when each session started and when each record last changed;</li>
          <li>which markers, notes and messages belong to the same session, and which markers were deleted;</li>
          <li>random ids, and keyed codes that only show which records go together, not whose they are.</li>
        </ul>
        <p>
          Not: names, what was written, what kind of moment a marker records, which member or group anything is about.
          Keep the file where you would keep a locked paper file.
        </p>
      </div>
      <Button
        disabled={busy}
        onClick={() =>
          void run(async () => {
            const text = await api.exportBackup(onProgress);
            downloadText(`squircle-backup-${new Date().toISOString().slice(0, 10)}.squircle`, text, 'application/json');
            return 'Backup file saved.';
          })
        }
      >
        Save a backup file
      </Button>
      <form
        class="editor"
        onSubmit={(e) => {
          e.preventDefault();
          if (!file) return;
          void run(async () => {
            const r = await api.importBackup(await file.text(), pass, onProgress);
            setPass('');
            return `Restored ${r.records} records.`;
          });
        }}
      >
        <Field
          id="backup-file"
          label="Restore from a backup file"
          type="file"
          accept=".squircle,application/json"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        />
        <PassphraseField id="backup-pass" label="Passphrase of that backup" value={pass} onInput={setPass} />
        <Button type="submit" disabled={busy || !file || !pass}>
          Check and restore
        </Button>
      </form>
      {progress && (
        <p class="quiet" aria-live="polite">
          Working… {progress}
        </p>
      )}
      {msg && (
        <p
          class={msg.ok ? 'quiet' : 'error'}
          role={msg.ok ? 'status' : 'alert'}
          data-backup-result={msg.ok ? 'ok' : 'error'}
        >
          {msg.text}
        </p>
      )}
    </section>
  );
}
