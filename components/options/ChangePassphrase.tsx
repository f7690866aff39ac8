import type { JSX } from 'preact';
import { Button } from '../common/Button';
import { Checkbox } from '../common/Checkbox';
import { useState } from 'preact/hooks';
import { PassphraseField } from '../vault/PassphraseField';
import { errorText } from '../vault/key-problem';
import type { StrengthFn } from '../vault/types';
import { t } from '../../util/i18n';

interface Props {
  change: (oldPass: string, newPass: string) => Promise<void>;
  /**
   * Changes the passphrase and re-encrypts everything under a new vault key,
   * all or nothing, telling progress as records are done.
   */
  rotate: (
    oldPass: string,
    newPass: string,
    onProgress: (done: number, total: number) => void,
  ) => Promise<{ rows: number; unreadable: number }>;
  strength: StrengthFn;
  minLength: number;
}

/**
 * Re-wraps the vault under a new passphrase (notes are not touched), or, when
 * asked, re-encrypts everything under a new vault key too.
 */
export function ChangePassphrase({ change, rotate, strength, minLength }: Props): JSX.Element {
  const [oldPass, setOld] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [newKey, setNewKey] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const s = strength(next, minLength);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!s.ok) return setMsg({ ok: false, text: s.hint });
    if (next !== again) return setMsg({ ok: false, text: t('options.newNotSame') });
    setBusy(true);
    setMsg(undefined);
    try {
      if (newKey) {
        const r = await rotate(oldPass, next, (done, total) => setProgress({ done, total }));
        const unreadable = r.unreadable > 0 ? ` ${t('options.rotatedUnreadable', r.unreadable)}` : '';
        setMsg({ ok: true, text: t('options.rotated', r.rows) + unreadable });
        setNewKey(false);
      } else {
        await change(oldPass, next);
        setMsg({ ok: true, text: t('options.changed') });
      }
      setOld('');
      setNext('');
      setAgain('');
    } catch (err) {
      setMsg({ ok: false, text: t('common.nothingChanged', { error: errorText(err) }) });
    } finally {
      setBusy(false);
      setProgress(undefined);
    }
  };

  return (
    <form class="card" onSubmit={submit} aria-labelledby="change-title">
      <h2 id="change-title">{t('options.changeTitle')}</h2>
      <PassphraseField id="old-pass" label={t('options.currentPassphrase')} value={oldPass} onInput={setOld} />
      <PassphraseField
        id="next-pass"
        label={t('options.newPassphrase')}
        value={next}
        onInput={setNext}
        describedBy="next-strength"
      />
      <p id="next-strength" class={next ? `hint score-${s.score}` : 'hint'} aria-live="polite">
        {next ? s.hint : t('options.atLeast', { min: minLength })}
      </p>
      <PassphraseField
        id="next-pass-again"
        label={t('options.newPassphraseAgain')}
        value={again}
        onInput={setAgain}
        invalid={again.length > 0 && again !== next}
        describedBy="next-again-hint"
      />
      <p id="next-again-hint" class={again.length > 0 && again !== next ? 'error' : 'hint'} aria-live="polite">
        {again.length > 0 && again !== next ? t('options.newNotSameYet') : ''}
      </p>
      <Checkbox
        id="rotate-key"
        checked={newKey}
        disabled={busy}
        onChange={(e) => setNewKey(e.currentTarget.checked)}
        label={t('options.rotateLabel')}
        hint={t('options.rotateHint')}
      />
      {progress && (
        <p class="quiet" aria-live="polite" data-rotate-progress>
          <progress max={progress.total || 1} value={progress.done} />{' '}
          {t('options.rotating', { done: progress.done, total: progress.total })}
        </p>
      )}
      {msg && (
        <p
          class={msg.ok ? 'quiet' : 'error'}
          role={msg.ok ? 'status' : 'alert'}
          data-change-result={msg.ok ? 'ok' : 'error'}
        >
          {msg.text}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={busy || !oldPass}>
        {busy ? t('options.changing') : t('options.changeTitle')}
      </Button>
    </form>
  );
}
