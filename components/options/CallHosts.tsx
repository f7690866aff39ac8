import type { JSX } from 'preact';
import { t } from '../../util/i18n';
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
    if (p.clinicHosts.includes(host) || p.ownHosts.includes(host)) return setError(t('callHosts.listed', { host }));
    if (p.ownHosts.length >= 50) return setError(t('callHosts.tooMany', { max: 50 }));
    setError(undefined);
    setBusy(true);
    // The request comes first, while the click still counts as the user's.
    void p
      .allow(host)
      .then(async (ok) => {
        if (!ok) return setError(t('callHosts.refused', { host }));
        await p.saveOwn([...p.ownHosts, host]);
        setText('');
      })
      .catch((err: unknown) => setError(t('callHosts.failed', { host, error: String(err) })))
      .finally(() => setBusy(false));
  };

  const row = (host: string, own: boolean) => (
    <li key={host} data-call-host={host} data-allowed={p.granted.has(host) ? 'yes' : 'no'}>
      <span class="grow">{host}</span>{' '}
      {p.granted.has(host) ? (
        <span class="hint">{t('callHosts.allowed')}</span>
      ) : (
        <Button onClick={() => void p.allow(host)} aria-label={t('callHosts.allowOn', { host })}>
          {t('callHosts.allow')}
        </Button>
      )}{' '}
      {own ? (
        <Button
          variant="destructive"
          aria-label={t('callHosts.removeHost', { host })}
          onClick={() => void p.saveOwn(p.ownHosts.filter((h) => h !== host))}
        >
          {t('callHosts.remove')}
        </Button>
      ) : (
        <ManagedBy clinic={p.clinic} keyName="extraPlatformHosts" />
      )}
    </li>
  );

  return (
    <Card title={t('callHosts.title')} titleId="call-hosts-title" data-call-hosts>
      <p class="quiet">{t('callHosts.intro')}</p>
      {!p.platformsAllowed && (
        <p class="hint" data-call-hosts-off>
          {t('callHosts.off')}
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
          label={t('callHosts.add')}
          hint={t('callHosts.addHint')}
          error={error}
          value={text}
          spellcheck={false}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <Button type="submit" disabled={busy}>
          {t('callHosts.addButton')}
        </Button>
      </form>
    </Card>
  );
}
