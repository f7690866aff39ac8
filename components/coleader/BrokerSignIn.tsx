import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { CoLeaderApi } from './api';

/**
 * This device's account on a clinic broker that asks co-leaders to sign in
 * (broker/README.md). Kept sealed in the vault, by broker host, and sent to
 * that host only. Closed unless a broker turned this device down.
 */
export function BrokerSignIn({ api, refusedHost }: { api: Pick<CoLeaderApi, 'brokerAccounts' | 'saveBrokerAccount' | 'forgetBrokerAccount'>; refusedHost?: string }): JSX.Element {
  const [accounts, setAccounts] = useState<Awaited<ReturnType<CoLeaderApi['brokerAccounts']>>>({ saved: [], clinicHosts: [] });
  const [host, setHost] = useState(refusedHost ?? '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | undefined>();
  const refresh = async () => setAccounts(await api.brokerAccounts());
  useEffect(() => void refresh(), [api]);
  // Opened when a broker refuses, never closed under the leader's hands.
  const [open, setOpen] = useState(!!refusedHost);
  useEffect(() => {
    if (!refusedHost) return;
    setOpen(true);
    if (!host) setHost(refusedHost);
  }, [refusedHost]);
  const save = async (e: Event) => {
    e.preventDefault();
    setMsg(undefined);
    try {
      await api.saveBrokerAccount(host, username, password);
      setMsg({ ok: true, text: 'Saved. The channel signs in with it now.' });
      setUsername('');
      setPassword('');
      await refresh();
    } catch (err) {
      setMsg({ ok: false, text: `${(err as Error).message} Nothing was saved.` });
    }
  };
  return (
    <details class="card broker-sign-in" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Broker sign-in</summary>
      <p class="quiet">Only if your clinic's broker asks co-leaders to sign in. Your clinic's IT gives each device its account. It is kept encrypted here and sent only to that broker.</p>
      {accounts.clinicHosts.length > 0 && <p class="quiet">Your clinic signs this device in to {accounts.clinicHosts.join(', ')}.</p>}
      {accounts.saved.length > 0 && (
        <ul class="plain">
          {accounts.saved.map((a) => (
            <li key={a.host} data-broker-account={a.host}>
              {a.username} at {a.host}{' '}
              <button type="button" onClick={() => void api.forgetBrokerAccount(a.host).then(refresh)}>
                Forget
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => void save(e)}>
        <div class="field">
          <label for="broker-host">Broker</label>
          <input id="broker-host" autocomplete="off" spellcheck={false} placeholder="mqtt.clinic.example" value={host} onInput={(e) => setHost(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="broker-user">User name</label>
          <input id="broker-user" autocomplete="off" spellcheck={false} value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="broker-password">Password</label>
          <input id="broker-password" type="password" autocomplete="off" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </div>
        {msg && (
          <p class={msg.ok ? 'quiet' : 'error'} role={msg.ok ? 'status' : 'alert'}>
            {msg.text}
          </p>
        )}
        <button type="submit" disabled={!host.trim() || !username || !password}>
          Save account
        </button>
      </form>
    </details>
  );
}
