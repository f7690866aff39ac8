import type { JSX } from 'preact';
import { useState } from 'preact/hooks';

/** A one-time invite as text and as a QR code. */
export function InviteBox({ invite }: { invite: () => Promise<string> }): JSX.Element {
  const [text, setText] = useState('');
  const [qr, setQr] = useState('');
  const [error, setError] = useState('');
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
      <button type="button" onClick={() => void make()}>
        Invite a co-leader
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {text && (
        <>
          <p class="quiet">Send this to your co-leader by a route you trust. It works once and for 24 hours.</p>
          <label for="invite-text">Invite</label>
          <textarea id="invite-text" readOnly rows={3} autocomplete="off" value={text} />
          {qr && <img src={qr} alt="The same invite as a QR code" width={220} height={220} />}
        </>
      )}
    </div>
  );
}
