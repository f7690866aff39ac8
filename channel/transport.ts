import type { MqttClient } from 'mqtt';
import { checkBrokerUrl } from './broker-url';

/**
 * 'refused': the broker turned down this device's sign-in (a wrong or missing account); tried again every 30 s.
 * 'unreachable': since it was opened, this transport has never reached the broker, and
 * UNREACHABLE_AFTER attempts failed before the broker answered: the address is wrong, nothing
 * listens there, or (wss://) the browser does not trust the broker's certificate. Browsers do not
 * tell pages which. Tried again with the usual backoff; a broker lost after connecting is 'reconnecting'.
 */
export type ConnState =
  'connecting' | 'connected' | 'reconnecting' | 'offline' | 'refused' | 'unreachable' | 'forbidden';

/**
 * 'forbidden' (above): signed in, but the broker refused a subscription to the channel's topics
 * (SUBACK 0x80): the device's account is not allowed this channel (Mosquitto's dynamic security,
 * an EMQX ACL). Nothing is published then, or the broker would drop it after acknowledging it;
 * the subscription is asked again every FORBIDDEN_RETRY_MS, so a grant made meanwhile is picked up.
 */
export const FORBIDDEN_RETRY_MS = 5_000;

/** Failed attempts, none of them answered, after which a transport that never connected says 'unreachable'. */
export const UNREACHABLE_AFTER = 2;

/** An account on the clinic's broker (Mosquitto's password_file, EMQX's or VerneMQ's). */
export interface BrokerAccount {
  username: string;
  password: string;
}

export interface TransportOptions {
  url: string;
  /** Random per device but stable, so the broker keeps our queue (clean: false). */
  clientId: string;
  topics: string[];
  /** Sent with CONNECT when the broker asks for one; only ever over wss:// or to this machine (checkBrokerUrl). */
  account?: BrokerAccount;
  /** How long to wait after a refused sign-in before trying again (default 30 s). */
  refusedRetryMs?: number;
  onMessage(topic: string, payload: Uint8Array): void;
  onState(state: ConnState): void;
  /** The mqtt module, loaded only when the channel is first used. */
  mqtt: { connect: typeof import('mqtt').connect };
}

export interface Transport {
  /** Resolves when the broker acknowledged it (QoS 1 PUBACK). */
  publish(topic: string, payload: Uint8Array): Promise<void>;
  subscribe(topic: string): Promise<void>;
  connected(): boolean;
  close(): Promise<void>;
}

const BACKOFF_MS = [1000, 2000, 5000, 10_000, 30_000];

/**
 * CONNACK return codes (MQTT 3.1.1) that mean the broker will not have this
 * client as it signs in: 2 identifier rejected, 4 bad user name or
 * password, 5 not authorised. Trying again at once cannot help.
 */
const REFUSED = new Set([2, 4, 5]);

/**
 * MQTT with QoS 1 and a persistent session. The message handler is attached
 * before the connection opens, or the broker's queued messages would be
 * acknowledged before anyone listens and be lost. Reconnects back off.
 */
export function openTransport(o: TransportOptions): Transport {
  const checked = checkBrokerUrl(o.url);
  if (!checked.ok) throw new Error(checked.reason);
  let attempt = 0;
  /** Refused at the last CONNACK: the state stays 'refused' through the retries, until one is let in. */
  let refused = false;
  let closed = false;
  /** Connections that closed before any CONNACK, while this transport never connected. */
  let unanswered = 0;
  let everConnected = false;
  /** The broker refused a subscription since the last CONNACK. */
  let forbidden = false;
  let forbiddenRetry: ReturnType<typeof setTimeout> | undefined;
  const notConnected = (otherwise: ConnState): ConnState =>
    refused ? 'refused' : !everConnected && unanswered >= UNREACHABLE_AFTER ? 'unreachable' : otherwise;
  const refusedRetry = o.refusedRetryMs ?? BACKOFF_MS[BACKOFF_MS.length - 1];
  const client: MqttClient = o.mqtt.connect(checked.url, {
    clientId: o.clientId,
    ...(o.account ? { username: o.account.username, password: o.account.password } : {}),
    // MQTT.js gives up for good after a refused CONNACK; an account fixed on the broker should be picked up.
    reconnectOnConnackError: true,
    // MQTT.js keeps its keepalive timer in a blob: worker in browsers; Firefox's
    // extension CSP blocks that worker (logged as a CSP error), and the timer
    // would never fire there. Chromium runs it, and it keeps time in a hidden page.
    timerVariant: import.meta.env?.FIREFOX ? 'native' : 'auto',
    clean: false,
    protocolVersion: 4,
    keepalive: 30,
    connectTimeout: 10_000,
    reconnectPeriod: BACKOFF_MS[0],
    resubscribe: true,
    manualConnect: true,
  });
  client.on('message', (topic, payload) => o.onMessage(topic, new Uint8Array(payload)));
  client.on('connect', () => {
    // Closed while this attempt was on its way: leave at once.
    if (closed) return void client.end(true);
    attempt = 0;
    refused = false;
    everConnected = true;
    client.options.reconnectPeriod = BACKOFF_MS[0];
    // Connected once the broker acknowledged the subscriptions: an answer to
    // what we send on connecting could otherwise come back before the broker
    // subscribed us, and be lost.
    subscribeAll();
  });
  const subscribeAll = () => {
    clearTimeout(forbiddenRetry);
    client.subscribe(o.topics, { qos: 1 }, (err) => {
      if (closed || !client.connected) return;
      // MQTT.js's ErrorWithSubackPacket: a return code with 0x80 set is a refused filter.
      const granted = (err as (Error & { packet?: { granted?: unknown } }) | null)?.packet?.granted;
      forbidden = Array.isArray(granted) && granted.some((g) => typeof g === 'number' && (g & 0x80) !== 0);
      if (forbidden)
        forbiddenRetry = setTimeout(() => client.connected && !closed && subscribeAll(), FORBIDDEN_RETRY_MS);
      o.onState(forbidden ? 'forbidden' : 'connected');
    });
  };
  client.on('close', () => {
    clearTimeout(forbiddenRetry);
    forbidden = false;
    // A refused sign-in was answered (CONNACK); anything else that closes before 'connect' was not.
    if (!everConnected && !refused) unanswered++;
  });
  client.on('reconnect', () => {
    if (closed) return;
    attempt++;
    client.options.reconnectPeriod = refused ? refusedRetry : BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
    o.onState(notConnected('reconnecting'));
  });
  client.on('offline', () => !closed && o.onState(notConnected('offline')));
  client.on('error', (e: Error & { code?: unknown }) => {
    if (closed) return;
    if (!client.connected && typeof e.code === 'number' && REFUSED.has(e.code)) {
      refused = true;
      client.options.reconnectPeriod = refusedRetry;
    }
    o.onState(client.connected ? (forbidden ? 'forbidden' : 'connected') : notConnected('reconnecting'));
  });
  o.onState('connecting');
  client.connect();
  return {
    publish: (topic, payload) =>
      new Promise((resolve, reject) =>
        client.publish(topic, payload as Buffer, { qos: 1 }, (err) => (err ? reject(err) : resolve())),
      ),
    subscribe: (topic) =>
      new Promise((resolve, reject) => client.subscribe(topic, { qos: 1 }, (err) => (err ? reject(err) : resolve()))),
    connected: () => client.connected && !forbidden,
    close: () => {
      closed = true;
      clearTimeout(forbiddenRetry);
      // No retry after this: MQTT.js's end() alone can be followed by a late 'close' that schedules one.
      client.options.reconnectPeriod = 0;
      // Gracefully only while connected: otherwise end(false) waits for acknowledgements that never come.
      return new Promise((resolve) => client.end(!client.connected, {}, () => resolve()));
    },
  };
}
