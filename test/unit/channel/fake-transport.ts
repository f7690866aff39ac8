// A Transport without a broker, for the engine's parts: it records what is
// published and lets a test decide when (and whether) the broker acknowledges.
import {
  newChannelId,
  newChannelKey,
  newDeviceIdentity,
  publicIdentity,
  serializeIdentity,
  toBase64,
} from '../../../crypto';
import type { DeviceIdentity } from '../../../crypto/types';
import type { ChannelRecord } from '../../../channel/state';
import type { Transport } from '../../../channel/transport';
import { ChannelRepo } from '../../../storage/channel-repo';
import { SquircleDb } from '../../../storage/db';
import { fieldCipher, newVaultKey } from '../../../crypto';

export type AckMode = 'ack' | 'hold' | 'fail';

export class FakeTransport implements Transport {
  readonly published: { topic: string; payload: Uint8Array }[] = [];
  readonly subscribed: string[] = [];
  online = true;
  mode: AckMode = 'ack';
  private held: { resolve: () => void; reject: (e: Error) => void }[] = [];

  publish(topic: string, payload: Uint8Array): Promise<void> {
    if (!this.online) return Promise.reject(new Error('offline'));
    this.published.push({ topic, payload });
    if (this.mode === 'ack') return Promise.resolve();
    if (this.mode === 'fail') return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => this.held.push({ resolve, reject }));
  }

  /** Acknowledges every publish held so far. */
  ackHeld(): void {
    for (const h of this.held.splice(0)) h.resolve();
  }

  /** The connection drops: every held publish fails. */
  drop(): void {
    this.online = false;
    for (const h of this.held.splice(0)) h.reject(new Error('connection closed'));
  }

  subscribe(topic: string): Promise<void> {
    this.subscribed.push(topic);
    return Promise.resolve();
  }

  connected(): boolean {
    return this.online;
  }

  close(): Promise<void> {
    this.online = false;
    return Promise.resolve();
  }
}

/** A device's real channel store (fake-indexeddb, a real cipher) holding its identity and one channel. */
export async function deviceWithChannel(
  o: { me?: DeviceIdentity; others?: DeviceIdentity[]; channel?: Partial<ChannelRecord> } = {},
): Promise<{ repo: ChannelRepo; me: DeviceIdentity; channel: ChannelRecord }> {
  const repo = new ChannelRepo(new SquircleDb(`parts-${crypto.randomUUID()}`), fieldCipher(newVaultKey()));
  const me = o.me ?? newDeviceIdentity();
  await repo.putIdentity(serializeIdentity(me));
  const channel: ChannelRecord = {
    v: 1,
    channelId: newChannelId(),
    channelKey: toBase64(newChannelKey()),
    brokerUrl: 'ws://127.0.0.1:1/mqtt',
    groupId: 'group-1',
    role: 'inviter',
    members: [publicIdentity(me), ...(o.others ?? []).map(publicIdentity)],
    verified: {},
    clientId: 'client-1',
    ...o.channel,
  };
  await repo.putChannel(channel.channelId, channel.groupId, channel);
  return { repo, me, channel };
}

/** Resolves after pending microtasks and timers of 0 ms ran. */
export const settled = () => new Promise((r) => setTimeout(r, 0));
