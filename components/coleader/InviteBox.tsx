import type { JSX } from 'preact';
import { Field } from '../common/Field';
import { Button } from '../common/Button';
import { useState } from 'preact/hooks';
import type { NewInvite } from './api';

/** A one-time invite as text and as a QR code, with the code to say in the call. */
export function InviteBox({ invite }: { invite: () => Promise<NewInvite> }): JSX.Element {
  const [text, setText] = useState('');
  const [code, setCode] = useState('');
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
      const made = await invite();
      setText(made.text);
      setCode(made.code);
      const QR = await import('qrcode');
      setQr(await QR.toDataURL(made.text, { errorCorrectionLevel: 'M', margin: 1, width: 220 }));
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
          <p>
            Say this code to your co-leader in the call:{' '}
            <strong class="pairing-code" id="invite-code" data-pairing-code>
              {code}
            </strong>
          </p>
          <p class="quiet">
            Send the invite by any route; it works only with the code, once, and for 24 hours. Never write the code down
            next to the invite.
          </p>
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
