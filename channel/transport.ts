import type { MqttClient } from 'mqtt';
import { checkBrokerUrl } from './broker-url';

export type ConnState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface TransportOptions {
  url: string;
  /** Random per device but stable, so the broker keeps our queue (clean: false). */
  clientId: string;
  topics: string[];
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
 * MQTT with QoS 1 and a persistent session. The message handler is attached
 * before the connection opens, or the broker's queued messages would be
 * acknowledged before anyone listens and be lost. Reconnects back off.
 */
export function openTransport(o: TransportOptions): Transport {
  const checked = checkBrokerUrl(o.url);
  if (!checked.ok) throw new Error(checked.reason);
  let attempt = 0;
  const client: MqttClient = o.mqtt.connect(checked.url, {
    clientId: o.clientId,
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
    attempt = 0;
    client.options.reconnectPeriod = BACKOFF_MS[0];
    // Connected once the broker acknowledged the subscriptions: an answer to
    // what we send on connecting could otherwise come back before the broker
    // subscribed us, and be lost.
    client.subscribe(o.topics, { qos: 1 }, () => o.onState('connected'));
  });
  client.on('reconnect', () => {
    attempt++;
    client.options.reconnectPeriod = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
    o.onState('reconnecting');
  });
  client.on('offline', () => o.onState('offline'));
  client.on('error', () => o.onState(client.connected ? 'connected' : 'reconnecting'));
  o.onState('connecting');
  client.connect();
  return {
    publish: (topic, payload) =>
      new Promise((resolve, reject) =>
        client.publish(topic, payload as Buffer, { qos: 1 }, (err) => (err ? reject(err) : resolve())),
      ),
    subscribe: (topic) =>
      new Promise((resolve, reject) => client.subscribe(topic, { qos: 1 }, (err) => (err ? reject(err) : resolve()))),
    connected: () => client.connected,
    close: () => new Promise((resolve) => client.end(false, {}, () => resolve())),
  };
}
