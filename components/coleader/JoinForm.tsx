import type { JSX } from 'preact';
import { Field } from '../common/Field';
import { Button } from '../common/Button';
import { useState } from 'preact/hooks';

/** Join a co-leader's channel with their invite: pasted text or a QR image. */
export function JoinForm({ join }: { join: (text: string) => Promise<void> }): JSX.Element {
  const [text, setText] = useState('');
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
    else setMsg({ ok: false, text: 'No QR code could be read from that image.' });
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
          await join(text);
          setMsg({ ok: true, text: 'Joined. Now compare the safety number aloud.' });
          setText('');
        } catch (err) {
          setMsg({ ok: false, text: `${(err as Error).message} Nothing was stored.` });
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="join-title">Join a co-leader</h2>
      <Field
        as="textarea"
        id="join-text"
        label="Invite from your co-leader"
        rows={3}
        spellcheck={false}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <Field
        id="join-qr"
        label="Or a picture of its QR code"
        type="file"
        accept="image/*"
        onChange={(e) => e.currentTarget.files?.[0] && void readQr(e.currentTarget.files[0])}
      />
      {msg && (
        <p class={msg.ok ? 'quiet' : 'error'} role={msg.ok ? 'status' : 'alert'}>
          {msg.text}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={busy || !text.trim()}>
        {busy ? 'Joining…' : 'Join'}
      </Button>
    </form>
  );
}
