// Per-device accounts on Mosquitto's dynamic security plugin, set up with
// broker/squircle-dynsec.sh as a clinic's administrator runs it: each device
// may use its own channels' topics and the join topics, and nothing else.
// A subscription to another channel is refused by the broker (SUBACK 0x80),
// a publish there reaches no one, and the channel's transport says
// 'forbidden' until the administrator grants the channel, then connects by
// itself.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JoinError, joinWithInvite } from '../../../channel/join';
import { JOIN_TOPICS } from '../../../channel/state';
import { FORBIDDEN_RETRY_MS, openTransport, type ConnState } from '../../../channel/transport';
import { createInvite, encodeInvite, fieldCipher, newChannelId, newDeviceIdentity, newVaultKey } from '../../../crypto';
import { ChannelRepo } from '../../../storage/channel-repo';
import { SquircleDb } from '../../../storage/db';
import { findMosquitto, startMosquitto, type MosquittoTestBroker } from '../../support/brokers';

const missing = !findMosquitto();
if (missing && process.env.CI)
  throw new Error('Mosquitto is not installed, and CI must test per-device accounts on it: apt-get install mosquitto.');

const tag = Math.random().toString(36).slice(2, 8);
const OURS = `sq/v1/c/ours${tag}`;
const THEIRS = `sq/v1/c/theirs${tag}`;
const LATER = `sq/v1/c/later${tag}`;
const A = { username: `device-a-${tag}`, password: `pa-${Math.random().toString(36).slice(2)}` };
const B = { username: `device-b-${tag}`, password: `pb-${Math.random().toString(36).slice(2)}` };

async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return ok();
}

describe.skipIf(missing)("per-device accounts (Mosquitto's dynamic security, broker/squircle-dynsec.sh)", () => {
  let broker: MosquittoTestBroker;
  const clients: MqttClient[] = [];
  const connect = async (account: { username: string; password: string }) => {
    const c = await mqtt.connectAsync(broker.tcpUrl, { ...account, protocolVersion: 4, reconnectPeriod: 0 });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    broker = await startMosquitto({ dynsec: true });
    await broker.dynsec(['setup'], { script: true });
    for (const d of [A, B])
      await broker.dynsec(['add-device', d.username], { script: true, env: { SQUIRCLE_DEVICE_PASSWORD: d.password } });
    await broker.dynsec(['grant', A.username, OURS], { script: true });
    await broker.dynsec(['grant', B.username, OURS], { script: true });
    await broker.dynsec(['grant', B.username, THEIRS], { script: true });
    // Granting again changes nothing and does not fail.
    await broker.dynsec(['grant', B.username, THEIRS], { script: true });
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) await c.endAsync(true).catch(() => undefined);
    await broker?.stop();
  });

  it("refuses device A's subscription to B's other channel and to everything, not to their shared one", async () => {
    const a = await connect(A);
    expect((await a.subscribeAsync(OURS, { qos: 1 }))[0]?.qos).toBe(1);
    expect((await a.subscribeAsync(JOIN_TOPICS.replace('#', `join${tag}`), { qos: 1 }))[0]?.qos).toBe(1);
    for (const refused of [THEIRS, `${THEIRS}/#`, 'sq/#', '#', 'sq/v1/c/+'])
      await expect(a.subscribeAsync(refused, { qos: 1 }), refused).rejects.toMatchObject({
        packet: { granted: [128] },
      });
  });

  it('delivers on the shared channel; what A publishes on B’s other channel reaches no one', async () => {
    const a = await connect(A);
    const b = await connect(B);
    const got: string[] = [];
    b.on('message', (topic, p) => got.push(`${topic} ${p.toString()}`));
    await b.subscribeAsync([OURS, THEIRS], { qos: 1 });
    await a.subscribeAsync(OURS, { qos: 1 });
    const toA: string[] = [];
    a.on('message', (topic, p) => toA.push(`${topic} ${p.toString()}`));
    await a.publishAsync(THEIRS, 'from A where it may not', { qos: 1 });
    await a.publishAsync(OURS, 'from A', { qos: 1 });
    await b.publishAsync(OURS, 'from B', { qos: 1 });
    expect(await until(() => got.length >= 2 && toA.length >= 2, 5_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toEqual([`${OURS} from A`, `${OURS} from B`]);
    expect(toA).toEqual([`${OURS} from A`, `${OURS} from B`]);
  });

  it('turns away a wrong password and an unknown device', async () => {
    for (const wrong of [
      { ...A, password: 'not it' },
      { username: 'stranger', password: 'x' },
    ])
      await expect(
        mqtt.connectAsync(broker.tcpUrl, { ...wrong, protocolVersion: 4, reconnectPeriod: 0 }),
      ).rejects.toMatchObject({ code: 5 });
  });

  it("the channel's transport says 'forbidden' until the channel is granted, then connects by itself", async () => {
    const seen: ConnState[] = [];
    const received: string[] = [];
    const t = openTransport({
      url: broker.url,
      clientId: `sq-${crypto.randomUUID()}`,
      topics: [LATER],
      account: A,
      mqtt,
      onMessage: (_t, p) => received.push(new TextDecoder().decode(p)),
      onState: (s) => seen.push(s),
    });
    try {
      expect(await until(() => seen.includes('forbidden'), 10_000)).toBe(true);
      expect(seen).not.toContain('connected');
      expect(t.connected()).toBe(false);
      await broker.dynsec(['grant', A.username, LATER], { script: true });
      expect(await until(() => seen.at(-1) === 'connected', FORBIDDEN_RETRY_MS + 5_000)).toBe(true);
      expect(t.connected()).toBe(true);
      await t.publish(LATER, new TextEncoder().encode('granted'));
      expect(await until(() => received.length > 0, 5_000)).toBe(true);
      expect(received).toEqual(['granted']);
    } finally {
      await t.close();
    }
  }, 30_000);

  it('a join with an account that may not use join topics says so at once, and stores nothing', async () => {
    const C = { username: `device-c-${tag}`, password: `pc-${Math.random().toString(36).slice(2)}` };
    // Made without the script: no join role.
    await broker.dynsec(['createClient', C.username, '-p', C.password]);
    const invite = createInvite({
      inviter: newDeviceIdentity(),
      brokerUrl: broker.url,
      channelId: newChannelId(),
      now: Date.now(),
    });
    const repo = new ChannelRepo(new SquircleDb(`dynsec-${crypto.randomUUID()}`), fieldCipher(newVaultKey()));
    const started = Date.now();
    const err = await joinWithInvite(repo, encodeInvite(invite), '123456', mqtt, { account: async () => C }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(JoinError);
    expect((err as Error).message).toBe(
      `The broker 127.0.0.1:${new URL(broker.url).port} signs this device in, but its account may not use join ` +
        `requests (topics under sq/v1/j/). Ask whoever runs the broker to allow them, then join again.`,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await repo.channels()).toEqual([]);
  });

  it('revoking a channel refuses it again; the script refuses what is not a channel prefix', async () => {
    await broker.dynsec(['revoke', A.username, LATER], { script: true });
    const a = await connect(A);
    await expect(a.subscribeAsync(LATER, { qos: 1 })).rejects.toMatchObject({ packet: { granted: [128] } });
    await expect(broker.dynsec(['grant', A.username, '#'], { script: true })).rejects.toThrow(
      /a channel prefix starts with sq\//,
    );
    await expect(broker.dynsec(['grant', A.username, 'sq/+/x'], { script: true })).rejects.toThrow(
      /not a channel prefix/,
    );
  });
});
