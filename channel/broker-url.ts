/**
 * Which broker addresses the channel will use: TLS (wss://, mqtts://)
 * everywhere, plain ws:// or mqtt:// only on this machine's loopback.
 * Pure; returns a reason the panel can show, never throws.
 */
export type BrokerUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function checkBrokerUrl(raw: string, allowedHosts: readonly string[] = []): BrokerUrlCheck {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return { ok: false, reason: 'That is not a broker address (it should start with wss://).' };
  }
  const secure = u.protocol === 'wss:' || u.protocol === 'mqtts:';
  const plain = u.protocol === 'ws:' || u.protocol === 'mqtt:';
  if (!secure && !plain) return { ok: false, reason: 'A broker address starts with wss://.' };
  if (plain && !LOOPBACK.has(u.hostname))
    return { ok: false, reason: 'Only an encrypted connection (wss://) is allowed to another machine.' };
  if (u.username || u.password) return { ok: false, reason: 'Put no user name or password in the broker address.' };
  if (allowedHosts.length && !LOOPBACK.has(u.hostname) && !allowedHosts.includes(u.hostname))
    return { ok: false, reason: `Your clinic allows only these brokers: ${allowedHosts.join(', ')}.` };
  return { ok: true, url: u.toString() };
}
