// A broker the channel never reaches: nothing listens at the address, or
// (wss://) its certificate is not trusted. Both fail the same way before any
// MQTT answer, so the transport says 'unreachable' rather than "reconnecting"
// for ever, and a join says what to check at once instead of waiting a
// minute for an inviter who cannot hear it. A broker lost after connecting
// is still 'reconnecting'.
import mqtt from 'mqtt';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JoinError, joinWithInvite } from '../../../channel/join';
import { openTransport, UNREACHABLE_AFTER, type ConnState } from '../../../channel/transport';
import { createInvite, encodeInvite, fieldCipher, newChannelId, newDeviceIdentity, newVaultKey } from '../../../crypto';
import { ChannelRepo } from '../../../storage/channel-repo';
import { SquircleDb } from '../../../storage/db';
import { findMosquitto, startAedes, startMosquitto, type MosquittoTestBroker } from '../../support/brokers';
import { makeTestCertificates, type TestCertificates } from '../../support/tls';

const missing = !findMosquitto();
if (missing && process.env.CI)
  throw new Error('Mosquitto is not installed, and CI must test TLS to it: apt-get install mosquitto.');

function watch(url: string) {
  const seen: ConnState[] = [];
  const t = openTransport({
    url,
    clientId: `sq-${crypto.randomUUID()}`,
    topics: [`sq/v1/c/test-${Math.random().toString(36).slice(2)}`],
    mqtt,
    onMessage: () => undefined,
    onState: (s) => seen.push(s),
  });
  return { seen, t };
}

async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return ok();
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
  const { port } = s.address() as AddressInfo;
  await new Promise((res) => s.close(res));
  return port;
}

describe('a broker that never answers', () => {
  it(`is 'unreachable' after ${UNREACHABLE_AFTER} unanswered attempts when nothing listens`, async () => {
    const { seen, t } = watch(`ws://127.0.0.1:${await closedPort()}`);
    try {
      expect(await until(() => seen.includes('unreachable'), 10_000)).toBe(true);
      expect(seen).not.toContain('connected');
      // The first failure alone is not enough: a broker may be starting.
      expect(seen.indexOf('unreachable')).toBeGreaterThan(seen.indexOf('reconnecting'));
    } finally {
      await t.close();
    }
  });

  it("is 'reconnecting', not 'unreachable', when a broker it reached goes away", async () => {
    const broker = await startAedes();
    const { seen, t } = watch(broker.url);
    try {
      expect(await until(() => seen.includes('connected'), 10_000)).toBe(true);
      await broker.broker.close();
      // Long enough for several failed attempts (backoff 1 s, 2 s, 5 s).
      await new Promise((r) => setTimeout(r, 4_500));
      const after = seen.slice(seen.indexOf('connected') + 1);
      expect(after).toContain('reconnecting');
      expect(after).not.toContain('unreachable');
    } finally {
      await t.close();
      await broker.stop();
    }
  });
});

describe.skipIf(missing)('a wss:// broker whose certificate this client does not trust (Mosquitto)', () => {
  let certs: TestCertificates;
  let broker: MosquittoTestBroker;
  beforeAll(async () => {
    certs = makeTestCertificates();
    broker = await startMosquitto({ tls: certs.stranger });
  }, 60_000);
  afterAll(async () => {
    await broker?.stop();
    certs?.remove();
  });

  it('serves TLS with that certificate: a client that trusts it connects, one that does not is refused', async () => {
    const trusting = await mqtt.connectAsync(broker.url, {
      ca: readFileSync(certs.stranger.certFile),
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    expect(trusting.connected).toBe(true);
    await trusting.endAsync();
    const err = await mqtt
      .connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5_000 })
      .catch((e: unknown) => e);
    expect(String(err)).toMatch(/self[- ]signed certificate/i);
  });

  it("is 'unreachable', and never connects", async () => {
    expect(broker.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    const { seen, t } = watch(broker.url);
    try {
      expect(await until(() => seen.includes('unreachable'), 10_000)).toBe(true);
      expect(seen).not.toContain('connected');
    } finally {
      await t.close();
    }
  });

  it('fails a join at once with what to check, and stores nothing', async () => {
    const invite = createInvite({
      inviter: newDeviceIdentity(),
      brokerUrl: broker.url,
      channelId: newChannelId(),
      now: Date.now(),
    });
    const repo = new ChannelRepo(new SquircleDb(`unreachable-${crypto.randomUUID()}`), fieldCipher(newVaultKey()));
    const started = Date.now();
    const err = await joinWithInvite(repo, encodeInvite(invite), '123456', mqtt).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JoinError);
    expect((err as Error).message).toBe(
      `Squircle cannot reach the broker 127.0.0.1 named in the invite. ` +
        `Either nothing answers at that address, or this browser does not trust its certificate ` +
        `(expired, made for another name, or from an authority this computer does not know). ` +
        `Open https://${new URL(broker.url).host}/ in a tab: a certificate warning there means the certificate. ` +
        `Ask whoever runs the broker, then join again.`,
    );
    // Well before the minute a join waits for an inviter that does not answer.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await repo.channels()).toEqual([]);
  });
});
