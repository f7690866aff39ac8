import type { MessageKey } from '../util/i18n';
import type { BrokerAccount } from './transport';

/** An account saved on this device for one broker, by accountKey ('mqtt.clinic.example', or '127.0.0.1:18830'). */
export interface SavedBrokerAccount extends BrokerAccount {
  host: string;
}

/**
 * The clinic's account from its policy, and the only hosts it may be sent to
 * (policy/settings.ts clinicBrokerAccount).
 */
export interface ClinicBrokerAccount extends BrokerAccount {
  hosts: string[];
}

const DEFAULT_PORT: Record<string, string> = { 'wss:': '443', 'ws:': '80', 'mqtts:': '8883', 'mqtt:': '1883' };
const plain = (u: URL) => u.protocol === 'ws:' || u.protocol === 'mqtt:';

/**
 * How the panel names a broker, and the key its saved account is kept
 * under: the host name behind TLS (the certificate vouches for it, on any
 * port), the host and port on this machine's loopback without TLS (where
 * any local user's program could listen on another port).
 */
export function brokerHost(url: string): string {
  const u = new URL(url);
  const host = u.hostname.toLowerCase();
  return plain(u) ? `${host}:${u.port || DEFAULT_PORT[u.protocol]}` : host;
}

/**
 * Which account to sign in to a broker with: the clinic's for its own
 * broker hosts, else the one saved on this device for that broker, else
 * none. An account goes to no other broker, whatever an invite names. (The
 * clinic's may go to its hosts on loopback without TLS: anyone on the
 * machine can read the policy file it came from anyway.)
 */
export function accountFor(
  url: string,
  clinic: ClinicBrokerAccount | undefined,
  saved: readonly SavedBrokerAccount[],
): BrokerAccount | undefined {
  const hostname = new URL(url).hostname.toLowerCase();
  if (clinic?.hosts.includes(hostname)) return { username: clinic.username, password: clinic.password };
  const key = brokerHost(url);
  const mine = saved.find((a) => a.host === key);
  return mine && { username: mine.username, password: mine.password };
}

const HOST = /^(?=.{1,253}$)[a-z0-9-]+(\.[a-z0-9-]+)*$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

/** What a leader types, checked: a broker (host name, or loopback host and port) and an account, or why not. */
export function checkSavedAccount(
  typed: string,
  username: string,
  password: string,
): { ok: true; account: SavedBrokerAccount } | { ok: false; reason: string; key: MessageKey } {
  const t = typed.trim().toLowerCase();
  let host: string;
  try {
    host = brokerHost(/^[a-z]+:\/\//.test(t) ? t : /:\d+$/.test(t) ? `ws://${t}` : `wss://${t}`);
  } catch {
    host = '';
  }
  const [name = '', port] = host.split(':');
  if (!HOST.test(name))
    return {
      ok: false,
      reason: 'Give the broker’s host name, e.g. mqtt.clinic.example.',
      key: 'errorText.accountHost',
    };
  if (port && !LOOPBACK.has(name)) host = name;
  if (!username || username.length > 200 || !password || password.length > 200)
    return {
      ok: false,
      reason: 'Give a user name and a password (up to 200 characters each).',
      key: 'errorText.accountCredentials',
    };
  if (/[\u0000-\u001f\u007f]/.test(username + password))
    return {
      ok: false,
      reason: 'The user name or password has a character that cannot be sent.',
      key: 'errorText.accountCharacter',
    };
  return { ok: true, account: { host, username, password } };
}
