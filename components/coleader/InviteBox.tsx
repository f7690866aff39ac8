import type { JSX } from 'preact';
import { Field } from '../common/Field';
import { Button } from '../common/Button';
import { useState } from 'preact/hooks';

/** A one-time invite as text and as a QR code. */
export function InviteBox({ invite }: { invite: () => Promise<string> }): JSX.Element {
  const [text, setText] = useState('');
  const [qr, setQr] = useState('');
  const [error, setError] = useState('');
  const [copied, setCopied] = useState('');
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setCopied('Copied. Paste it into a message to your co-leader.'),
      () => setCopied('Copying was refused here: select the invite and copy it by hand.'),
    );
  const make = async () => {
    setError('');
    try {
      const t = await invite();
      setText(t);
      const QR = await import('qrcode');
      setQr(await QR.toDataURL(t, { errorCorrectionLevel: 'M', margin: 1, width: 220 }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div class="invite">
      <Button onClick={() => void make()}>Invite a co-leader</Button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {text && (
        <>
          <p class="quiet">Send this to your co-leader by a route you trust. It works once and for 24 hours.</p>
          <Field as="textarea" id="invite-text" label="Invite" readOnly rows={3} spellcheck={false} value={text} />
          <div class="row">
            <Button onClick={() => void copy()}>Copy invite</Button>
            <span class="quiet" role="status">
              {copied}
            </span>
          </div>
          {qr && <img src={qr} alt="The same invite as a QR code" width={220} height={220} />}
        </>
      )}
    </div>
  );
}
