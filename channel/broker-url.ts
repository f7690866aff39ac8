/**
 * Which broker addresses the channel will use: TLS (wss://, mqtts://)
 * everywhere, plain ws:// or mqtt:// only on this machine's loopback.
 * Pure; returns a reason the panel can show, never throws.
 */
import type { MessageKey } from '../util/i18n';

/** A refusal says why in English (`reason`) and names the same sentence in locales/ (`key`, filled by `named`). */
export type BrokerUrlCheck =
  { ok: true; url: string } | { ok: false; reason: string; key: MessageKey; named?: Record<string, string> };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function checkBrokerUrl(raw: string, allowedHosts: readonly string[] = []): BrokerUrlCheck {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return {
      ok: false,
      reason: 'That is not a broker address (it should start with wss://).',
      key: 'errorText.brokerNotAddress',
    };
  }
  const secure = u.protocol === 'wss:' || u.protocol === 'mqtts:';
  const plain = u.protocol === 'ws:' || u.protocol === 'mqtt:';
  if (!secure && !plain)
    return { ok: false, reason: 'A broker address starts with wss://.', key: 'errorText.brokerScheme' };
  if (plain && !LOOPBACK.has(u.hostname))
    return {
      ok: false,
      reason: 'Only an encrypted connection (wss://) is allowed to another machine.',
      key: 'errorText.brokerPlain',
    };
  if (u.username || u.password)
    return {
      ok: false,
      reason: 'Put no user name or password in the broker address.',
      key: 'errorText.brokerCredentials',
    };
  if (allowedHosts.length && !LOOPBACK.has(u.hostname) && !allowedHosts.includes(u.hostname)) {
    const hosts = allowedHosts.join(', ');
    return {
      ok: false,
      reason: `Your clinic allows only these brokers: ${hosts}.`,
      key: 'errorText.brokerClinicOnly',
      named: { hosts },
    };
  }
  return { ok: true, url: u.toString() };
}
