import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { Message } from '../common/Message';
import { Field } from '../common/Field';
import { Button } from '../common/Button';
import { useEffect, useState } from 'preact/hooks';
import type { CoLeaderApi } from './api';
import { shownError } from '../../util/user-error';

type Api = Pick<CoLeaderApi, 'brokerAccounts' | 'saveBrokerAccount' | 'forgetBrokerAccount'>;

/** An error after the account change was stored (AccountStoredError): its message says so itself. */
const stored = (e: unknown) => e instanceof Error && e.name === 'AccountStoredError';

/**
 * This device's account on a clinic broker that asks co-leaders to sign in
 * (broker/README.md). Kept sealed in the vault, by broker, and sent to that
 * broker only. Closed unless a broker turned this device down; opened then,
 * and never closed under the leader's hands.
 */
export function BrokerSignIn({ api, refusedHost }: { api: Api; refusedHost?: string }): JSX.Element {
  const [accounts, setAccounts] = useState<Awaited<ReturnType<CoLeaderApi['brokerAccounts']>>>({
    saved: [],
    clinicHosts: [],
  });
  const [host, setHost] = useState(refusedHost ?? '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [said, setSaid] = useState<{ ok: boolean; text: string; n: number }>({ ok: true, text: '', n: 0 });
  const [open, setOpen] = useState(!!refusedHost);
  const refresh = async () => setAccounts(await api.brokerAccounts());
  useEffect(() => void refresh(), [api]);
  useEffect(() => {
    if (!refusedHost) return;
    setOpen(true);
    if (!host) setHost(refusedHost);
  }, [refusedHost]);
  const say = (ok: boolean, text: string) => setSaid((s) => ({ ok, text, n: s.n + 1 }));
  const run = async (change: () => Promise<void>, done: string, failed: string) => {
    setSaid((s) => ({ ...s, text: '' }));
    try {
      await change();
      say(true, done);
    } catch (err) {
      say(false, stored(err) ? shownError(err) : `${shownError(err)} ${failed}`);
    }
    await refresh().catch(() => undefined);
  };
  const save = (e: Event) => {
    e.preventDefault();
    void run(
      async () => {
        await api.saveBrokerAccount(host, username, password);
        setUsername('');
        setPassword('');
      },
      t('brokerSignIn.saved'),
      t('brokerSignIn.nothingSaved'),
    );
  };
  return (
    <details class="card broker-sign-in" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('brokerSignIn.title')}</summary>
      <p class="quiet">{t('brokerSignIn.intro')}</p>
      {accounts.clinicHosts.length > 0 && (
        <p class="quiet">
          <Message id="brokerSignIn.clinicHosts" parts={{ hosts: <bdi>{accounts.clinicHosts.join(', ')}</bdi> }} />
        </p>
      )}
      {accounts.saved.length > 0 && (
        <ul class="plain">
          {accounts.saved.map((a) => (
            <li key={a.host} data-broker-account={a.host}>
              <Message id="brokerSignIn.account" parts={{ user: <bdi>{a.username}</bdi>, host: <bdi>{a.host}</bdi> }} />
              {'\u00a0'}
              <Button
                onClick={() =>
                  void run(
                    () => api.forgetBrokerAccount(a.host),
                    t('brokerSignIn.forgotten', { host: a.host }),
                    t('brokerSignIn.stillSaved'),
                  )
                }
              >
                {t('brokerSignIn.forget')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={save}>
        <Field
          id="broker-host"
          label={t('brokerSignIn.host')}
          spellcheck={false}
          placeholder={t('brokerSignIn.hostExample')}
          value={host}
          onInput={(e) => setHost(e.currentTarget.value)}
        />
        <Field
          id="broker-user"
          label={t('brokerSignIn.user')}
          spellcheck={false}
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
        <Field
          id="broker-password"
          label={t('brokerSignIn.password')}
          type="password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        {/* Both live regions stay in the page, so a message put into them is announced. */}
        <p class="quiet" role="status" data-sign-in-said={said.n}>
          {said.ok ? said.text : ''}
        </p>
        <p class="error" role="alert" data-sign-in-said={said.n}>
          {said.ok ? '' : said.text}
        </p>
        <Button type="submit" disabled={!host.trim() || !username || !password}>
          {t('brokerSignIn.save')}
        </Button>
      </form>
    </details>
  );
}
