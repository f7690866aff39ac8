import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { hostFromInput } from '../../calls/hosted';
import { Button } from '../common/Button';
import { Card } from '../common/Card';
import { Field } from '../common/Field';
import { ManagedBy } from './Managed';

interface Props {
  /** The clinic's servers (policy extraPlatformHosts): listed, never removed here. */
  clinicHosts: readonly string[];
  /** The clinician's own servers (ownCallHosts). */
  ownHosts: readonly string[];
  /** Hosts the browser has allowed Squircle on. */
  granted: ReadonlySet<string>;
  clinic: string;
  /** False when the clinic allows neither Jitsi Meet nor BigBlueButton: nothing here is read. */
  platformsAllowed: boolean;
  /** Asks the browser to allow Squircle on a host; must be called in the click itself (a user gesture). */
  allow: (host: string) => Promise<boolean>;
  saveOwn: (hosts: string[]) => Promise<void>;
}

/**
 * Self-hosted Jitsi Meet and BigBlueButton servers: the clinic's and the
 * clinician's own. Adding one asks the browser for that host alone; Squircle
 * reads call pages there once it is allowed. Removing one gives the host back.
 */
export function CallHosts(p: Props): JSX.Element {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const add = (e: Event) => {
    e.preventDefault();
    const got = hostFromInput(text);
    if ('error' in got) return setError(got.error);
    const { host } = got;
    if (p.clinicHosts.includes(host) || p.ownHosts.includes(host)) return setError(`${host} is already listed.`);
    if (p.ownHosts.length >= 50) return setError('Fifty servers at most; remove one first.');
    setError(undefined);
    setBusy(true);
    // The request comes first, while the click still counts as the user's.
    void p
      .allow(host)
      .then(async (ok) => {
        if (!ok) return setError(`Squircle was not allowed on ${host}, so it was not added.`);
        await p.saveOwn([...p.ownHosts, host]);
        setText('');
      })
      .catch((err: unknown) => setError(`${host} could not be added: ${String(err)}`))
      .finally(() => setBusy(false));
  };

  const row = (host: string, own: boolean) => (
    <li key={host} data-call-host={host} data-allowed={p.granted.has(host) ? 'yes' : 'no'}>
      <span class="grow">{host}</span>{' '}
      {p.granted.has(host) ? (
        <span class="hint">Allowed</span>
      ) : (
        <Button onClick={() => void p.allow(host)} aria-label={`Allow Squircle on ${host}`}>
          Allow
        </Button>
      )}{' '}
      {own ? (
        <Button
          variant="destructive"
          aria-label={`Remove ${host}`}
          onClick={() => void p.saveOwn(p.ownHosts.filter((h) => h !== host))}
        >
          Remove
        </Button>
      ) : (
        <ManagedBy clinic={p.clinic} keyName="extraPlatformHosts" />
      )}
    </li>
  );

  return (
    <Card title="Self-hosted call servers" titleId="call-hosts-title" data-call-hosts>
      <p class="quiet">
        Your own Jitsi Meet or BigBlueButton server. Squircle asks your browser for that server alone, and reads its
        call pages as it does Jitsi Meet’s (BigBlueButton’s under /html5client/).
      </p>
      {!p.platformsAllowed && (
        <p class="hint" data-call-hosts-off>
          Your clinic does not allow Jitsi Meet or BigBlueButton, so these servers are not read.
        </p>
      )}
      {(p.clinicHosts.length > 0 || p.ownHosts.length > 0) && (
        <ul class="plain">
          {p.clinicHosts.map((h) => row(h, false))}
          {p.ownHosts.filter((h) => !p.clinicHosts.includes(h)).map((h) => row(h, true))}
        </ul>
      )}
      <form onSubmit={add}>
        <Field
          id="call-host"
          label="Add a server"
          hint="Its name or a call’s address, such as meet.yourclinic.org"
          error={error}
          value={text}
          spellcheck={false}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <Button type="submit" disabled={busy}>
          Add server
        </Button>
      </form>
    </Card>
  );
}
