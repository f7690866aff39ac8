import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { Field } from '../common/Field';
import { Button } from '../common/Button';
import { useState } from 'preact/hooks';
import { downloadText } from '../common/download';
import { PassphraseField } from '../vault/PassphraseField';
import { shownError } from '../../util/user-error';

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
      setMsg({ ok: false, text: shownError(e) });
    } finally {
      setBusy(false);
      setProgress('');
    }
  };
  if (!api.allowed) return <p class="quiet">{t('backup.off')}</p>;
  return (
    <section class="card" aria-labelledby="backup-title">
      <h2 id="backup-title">{t('nav.backup')}</h2>
      <div class="quiet" data-backup-reveals>
        <p>{t('backup.holds')}</p>
        <p>{t('backup.stillSeen')}</p>
        <ul>
          <li>{t('backup.seenCounts')}</li>
          <li>{t('backup.seenTimes')}</li>
          <li>{t('backup.seenLinks')}</li>
          <li>{t('backup.seenIds')}</li>
        </ul>
        <p>{t('backup.notSeen')}</p>
      </div>
      <Button
        disabled={busy}
        onClick={() =>
          void run(async () => {
            const text = await api.exportBackup(onProgress);
            downloadText(`squircle-backup-${new Date().toISOString().slice(0, 10)}.squircle`, text, 'application/json');
            return t('backup.saved');
          })
        }
      >
        {t('backup.save')}
      </Button>
      <form
        class="editor"
        onSubmit={(e) => {
          e.preventDefault();
          if (!file) return;
          void run(async () => {
            const r = await api.importBackup(await file.text(), pass, onProgress);
            setPass('');
            return t('backup.restored', r.records);
          });
        }}
      >
        <Field
          id="backup-file"
          label={t('backup.restoreFrom')}
          type="file"
          accept=".squircle,application/json"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        />
        <PassphraseField id="backup-pass" label={t('vault.backupPassphrase')} value={pass} onInput={setPass} />
        <Button type="submit" disabled={busy || !file || !pass}>
          {t('vault.checkAndRestore')}
        </Button>
      </form>
      {progress && (
        <p class="quiet" aria-live="polite">
          {t('backup.working', { progress })}
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
