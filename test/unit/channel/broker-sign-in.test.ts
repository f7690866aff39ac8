// Signing in to a clinic broker that turns away anonymous clients, as
// broker/README.md sets Mosquitto up: Debian's Mosquitto with a password
// file made by mosquitto_passwd. A refused sign-in is a state of its own,
// not an endless "reconnecting"; a join to such a broker without an account
// fails with a message that says what to do, and stores nothing.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountFor, checkSavedAccount } from '../../../channel/broker-accounts';
import { JoinError, joinWithInvite } from '../../../channel/join';
import { openTransport, type BrokerAccount, type ConnState } from '../../../channel/transport';
import { createInvite, encodeInvite, fieldCipher, newChannelId, newDeviceIdentity, newVaultKey } from '../../../crypto';
import { ChannelRepo } from '../../../storage/channel-repo';
import { SquircleDb } from '../../../storage/db';
import { findMosquitto, startMosquitto, type MosquittoTestBroker } from '../../support/brokers';

const missing = !findMosquitto();
if (missing && process.env.CI)
  throw new Error('Mosquitto is not installed, and CI must test signing in to it: apt-get install mosquitto.');

const LEADER = { username: 'leader-a', password: `pw-${Math.random().toString(36).slice(2)}` };

/** Opens a transport and collects its states until `until` is seen (or the time is up). */
async function states(
  url: string,
  account: BrokerAccount | undefined,
  until: ConnState,
  ms = 8_000,
  refusedRetryMs?: number,
) {
  const seen: ConnState[] = [];
  const received: string[] = [];
  const topic = `sq/v1/c/test-${Math.random().toString(36).slice(2)}`;
  const t = openTransport({
    url,
    clientId: `sq-${crypto.randomUUID()}`,
    topics: [topic],
    ...(account ? { account } : {}),
    ...(refusedRetryMs ? { refusedRetryMs } : {}),
    mqtt,
    onMessage: (_t, p) => received.push(new TextDecoder().decode(p)),
    onState: (s) => seen.push(s),
  });
  await until1(() => seen.includes(until), ms);
  return { seen, received, topic, t };
}

async function until1(ok: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

describe.skipIf(missing)('signing in to a broker that asks for an account (Mosquitto)', () => {
  let broker: MosquittoTestBroker;
  beforeAll(async () => {
    broker = await startMosquitto({ accounts: [LEADER] });
  }, 60_000);
  afterAll(async () => {
    await broker?.stop();
  });

  it('without an account, or with a wrong password, the state is refused, and it stays so', async () => {
    for (const account of [undefined, { ...LEADER, password: 'not it' }]) {
      const { seen, t } = await states(broker.url, account, 'refused');
      // MQTT.js would otherwise stop for good after a refused CONNACK; here it waits 30 s before trying again.
      await new Promise((r) => setTimeout(r, 1_500));
      await t.close();
      expect(seen).toContain('refused');
      expect(seen).not.toContain('connected');
      expect(seen.slice(seen.indexOf('refused'))).toEqual(seen.slice(seen.indexOf('refused')).map(() => 'refused'));
    }
  }, 30_000);

  it('tries again after a refusal, and connects once the broker knows the account', async () => {
    const late = { username: 'leader-late', password: `pw-${Math.random().toString(36).slice(2)}` };
    const { seen, t } = await states(broker.url, late, 'refused', 8_000, 1_000);
    expect(seen).toContain('refused');
    broker.addAccount(late);
    await broker.restart();
    await until1(() => seen.at(-1) === 'connected', 20_000);
    expect(seen.at(-1)).toBe('connected');
    // Refused until the broker let it in: never 'reconnecting' or 'offline' in between.
    expect(seen.slice(seen.indexOf('refused'), -1).every((s) => s === 'refused')).toBe(true);
    await t.close();
  }, 60_000);

  it('closed as it is refused (as a join gives up), or later, it closes at once and never tries again', async () => {
    const topics = [`sq/v1/c/test-${Math.random().toString(36).slice(2)}`];
    // A join closes its transport from inside the refusal's own state report.
    const seen: ConnState[] = [];
    let closing: Promise<void> | undefined;
    const t = openTransport({
      url: broker.url,
      clientId: `sq-${crypto.randomUUID()}`,
      topics,
      refusedRetryMs: 500,
      mqtt,
      onMessage: () => undefined,
      onState: (s) => {
        seen.push(s);
        if (s === 'refused') closing ??= t.close();
      },
    });
    await until1(() => !!closing, 8_000);
    await closing;
    const after = seen.length;
    await new Promise((r) => setTimeout(r, 2_000));
    expect(seen.slice(after)).toEqual([]);

    // Closed while waiting to try again, with a subscription still unanswered.
    const later = await states(broker.url, undefined, 'refused', 8_000, 500);
    void later.t.subscribe(`${topics[0]}/more`).catch(() => undefined);
    const started = Date.now();
    await later.t.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    const n = later.seen.length;
    await new Promise((r) => setTimeout(r, 2_000));
    expect(later.seen.slice(n)).toEqual([]);
  }, 30_000);

  it('with the account, it connects and carries messages', async () => {
    const { seen, topic, received, t } = await states(broker.url, LEADER, 'connected');
    expect(seen.at(-1)).toBe('connected');
    await t.publish(topic, new TextEncoder().encode('hello'));
    for (let i = 0; i < 100 && !received.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(received).toEqual(['hello']);
    await t.close();
  }, 30_000);

  it('a join without an account says the broker asks for one, and stores nothing', async () => {
    const invite = createInvite({
      inviter: newDeviceIdentity(),
      brokerUrl: broker.url,
      channelId: newChannelId(),
      now: Date.now(),
    });
    const repo = new ChannelRepo(new SquircleDb(`sign-in-${crypto.randomUUID()}`), fieldCipher(newVaultKey()));
    const started = Date.now();
    const error = await joinWithInvite(repo, encodeInvite(invite), '123456', mqtt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JoinError);
    const where = `127.0.0.1:${new URL(broker.url).port}`;
    expect((error as Error).message).toBe(
      `The broker ${where} asks for an account. ` +
        `Save this device's account for it under Clinic server account (your clinic's IT gives it), then join again.`,
    );
    // At once, not after the minute a join waits for the inviter.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await repo.channels()).toEqual([]);
    const wrong = await joinWithInvite(repo, encodeInvite(invite), '123456', mqtt, {
      account: async () => ({ ...LEADER, password: 'not it' }),
    }).catch((e: unknown) => e);
    expect((wrong as Error).message).toMatch(
      new RegExp(`^The broker ${where.replace(/\./g, '\\.')} turned down this device's sign-in\\.`),
    );
    expect(await repo.channels()).toEqual([]);
  }, 60_000);
});

describe('which account goes to which broker', () => {
  const clinic = { username: 'clinic', password: 'c-pw', hosts: ['mqtt.clinic.example'] };
  const saved = [{ host: 'broker.other.example', username: 'me', password: 'm-pw' }];

  it("sends the clinic's account to its own hosts only, whatever an invite names", () => {
    expect(accountFor('wss://MQTT.clinic.example/mqtt', clinic, saved)).toEqual({
      username: 'clinic',
      password: 'c-pw',
    });
    expect(accountFor('wss://evil.example/mqtt', clinic, saved)).toBeUndefined();
    expect(accountFor('wss://mqtt.clinic.example.evil.example/mqtt', clinic, saved)).toBeUndefined();
  });

  it('sends an account saved here to its host only; without TLS, on loopback, to its port only', () => {
    expect(accountFor('wss://broker.other.example:8443/mqtt', undefined, saved)).toEqual({
      username: 'me',
      password: 'm-pw',
    });
    expect(accountFor('wss://broker.other.example.evil.example/mqtt', clinic, saved)).toBeUndefined();
    const local = [{ host: '127.0.0.1:18830', username: 'dev', password: 'd-pw' }];
    expect(accountFor('ws://127.0.0.1:18830', undefined, local)).toEqual({ username: 'dev', password: 'd-pw' });
    // Another program on this machine, on another port, named by an invite: nothing.
    expect(accountFor('ws://127.0.0.1:18831', undefined, local)).toBeUndefined();
    expect(
      accountFor('ws://127.0.0.1:18830', undefined, [{ host: '127.0.0.1', username: 'dev', password: 'd-pw' }]),
    ).toBeUndefined();
  });

  it('takes a broker as typed, with or without its address around it, and refuses what cannot be sent', () => {
    expect(checkSavedAccount(' wss://Broker.Clinic.example:443/mqtt ', 'a', 'b')).toEqual({
      ok: true,
      account: { host: 'broker.clinic.example', username: 'a', password: 'b' },
    });
    expect(checkSavedAccount('broker.clinic.example:8084', 'a', 'b')).toMatchObject({
      ok: true,
      account: { host: 'broker.clinic.example' },
    });
    expect(checkSavedAccount('127.0.0.1:18830', 'a', 'b')).toMatchObject({
      ok: true,
      account: { host: '127.0.0.1:18830' },
    });
    expect(checkSavedAccount('ws://localhost:18830/', 'a', 'b')).toMatchObject({
      ok: true,
      account: { host: 'localhost:18830' },
    });
    expect(checkSavedAccount('not a host', 'a', 'b')).toMatchObject({ ok: false });
    expect(checkSavedAccount('mqtt.clinic.example', '', 'b')).toMatchObject({ ok: false });
    expect(checkSavedAccount('mqtt.clinic.example', 'a', 'line\nbreak')).toMatchObject({
      ok: false,
      reason: 'The user name or password has a character that cannot be sent.',
    });
  });
});
