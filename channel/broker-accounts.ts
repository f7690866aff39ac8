import type { BrokerAccount } from './transport';

/** An account saved on this device for one broker host. */
export interface SavedBrokerAccount extends BrokerAccount {
  host: string;
}

/** The clinic's account from its policy, and the only hosts it may be sent to (policy/settings.ts clinicBrokerAccount). */
export interface ClinicBrokerAccount extends BrokerAccount {
  hosts: string[];
}

export const brokerHost = (url: string): string => new URL(url).hostname.toLowerCase();

/**
 * Which account to sign in to a broker with: the clinic's for its own
 * broker hosts, else the one saved on this device for that host, else none.
 * An account goes to no other host, whatever an invite names.
 */
export function accountFor(url: string, clinic: ClinicBrokerAccount | undefined, saved: readonly SavedBrokerAccount[]): BrokerAccount | undefined {
  const host = brokerHost(url);
  if (clinic?.hosts.includes(host)) return { username: clinic.username, password: clinic.password };
  const mine = saved.find((a) => a.host === host);
  return mine && { username: mine.username, password: mine.password };
}

/** What a leader types, checked: a host name and an account, or why not. */
export function checkSavedAccount(host: string, username: string, password: string): { ok: true; account: SavedBrokerAccount } | { ok: false; reason: string } {
  const h = host.trim().toLowerCase().replace(/^wss?:\/\//, '').replace(/[/:].*$/, '');
  if (!/^(?=.{1,253}$)[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(h)) return { ok: false, reason: 'Give the broker’s host name, e.g. mqtt.clinic.example.' };
  if (!username || username.length > 200 || !password || password.length > 200) return { ok: false, reason: 'Give a user name and a password (up to 200 characters each).' };
  if (/[\u0000-\u001f\u007f]/.test(username + password)) return { ok: false, reason: 'The user name or password has a character that cannot be sent.' };
  return { ok: true, account: { host: h, username, password } };
}
