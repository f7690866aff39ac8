import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { Field } from '../common/Field';
import { Button } from '../common/Button';
import { useState } from 'preact/hooks';
import type { NewInvite } from './api';
import { shownError } from '../../util/user-error';

/** A one-time invite as text and as a QR code, with the code to say in the call. */
export function InviteBox({ invite }: { invite: () => Promise<NewInvite> }): JSX.Element {
  const [text, setText] = useState('');
  const [code, setCode] = useState('');
  const [qr, setQr] = useState('');
  const [error, setError] = useState('');
  const [copied, setCopied] = useState('');
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setCopied(t('invite.copied')),
      () => setCopied(t('invite.copyRefused')),
    );
  const make = async () => {
    setError('');
    try {
      const made = await invite();
      setText(made.text);
      setCode(made.code);
      const QR = await import('qrcode');
      setQr(await QR.toDataURL(made.text, { errorCorrectionLevel: 'M', margin: 1, width: 220 }));
    } catch (e) {
      setError(shownError(e));
    }
  };
  return (
    <div class="invite">
      <Button onClick={() => void make()}>{t('invite.make')}</Button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {text && (
        <>
          <p>
            {t('invite.sayCode')}{' '}
            <strong class="pairing-code" id="invite-code" data-pairing-code>
              {code}
            </strong>
          </p>
          <p class="quiet">{t('invite.howToSend', { hours: 24 })}</p>
          <Field
            as="textarea"
            id="invite-text"
            label={t('invite.label')}
            readOnly
            rows={3}
            spellcheck={false}
            value={text}
          />
          <div class="row">
            <Button onClick={() => void copy()}>{t('invite.copy')}</Button>
            <span class="quiet" role="status">
              {copied}
            </span>
          </div>
          {qr && <img src={qr} alt={t('invite.qrAlt')} width={220} height={220} />}
        </>
      )}
    </div>
  );
}
