import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { Field } from '../common/Field';
import { Button } from '../common/Button';
import { useState } from 'preact/hooks';
import { shownError } from '../../util/user-error';

/** Join a co-leader's channel with their invite (pasted text or a QR image) and the code they say in the call. */
export function JoinForm({ join }: { join: (text: string, code: string) => Promise<void> }): JSX.Element {
  const [text, setText] = useState('');
  const [code, setCode] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const readQr = async (file: File) => {
    const [{ default: jsQR }, bitmap] = await Promise.all([import('jsqr'), createImageBitmap(file)]);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    const found = jsQR(data.data, data.width, data.height);
    if (found) setText(found.data);
    else setMsg({ ok: false, text: t('join.noQr') });
  };
  return (
    <form
      class="card"
      aria-labelledby="join-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setMsg(undefined);
        try {
          await join(text, code);
          setMsg({ ok: true, text: t('join.joined') });
          setText('');
          setCode('');
        } catch (err) {
          setMsg({ ok: false, text: t('join.failed', { error: shownError(err) }) });
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="join-title">{t('join.title')}</h2>
      <Field
        as="textarea"
        id="join-text"
        label={t('join.invite')}
        rows={3}
        spellcheck={false}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <Field
        id="join-qr"
        label={t('join.qr')}
        type="file"
        accept="image/*"
        onChange={(e) => e.currentTarget.files?.[0] && void readQr(e.currentTarget.files[0])}
      />
      <Field
        id="join-code"
        label={t('join.code')}
        hint={t('join.codeHint')}
        inputMode="numeric"
        spellcheck={false}
        value={code}
        onInput={(e) => setCode(e.currentTarget.value)}
      />
      {msg && (
        <p class={msg.ok ? 'quiet' : 'error'} role={msg.ok ? 'status' : 'alert'}>
          {msg.text}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={busy || !text.trim() || !code.trim()}>
        {busy ? t('join.joining') : t('join.join')}
      </Button>
    </form>
  );
}
