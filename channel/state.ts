import {
  channelTopic,
  deserializeIdentity,
  fromBase64,
  newDeviceIdentity,
  serializeIdentity,
  toBase64,
} from '../crypto';
import type { ChannelKey, DeviceIdentity, PublicIdentity } from '../crypto/types';
import type { ChannelRepo } from '../storage/channel-repo';

/** One co-leader channel as kept (sealed) on this device. */
export interface ChannelRecord {
  v: 1;
  channelId: string;
  /** base64 */
  channelKey: string;
  brokerUrl: string;
  /** The group it shares; '' on a joiner until the inviter's roster arrives. */
  groupId: string;
  role: 'inviter' | 'joiner';
  /**
   * On a joiner: the device that invited it, the only one whose member list
   * it accepts (the inviter alone answers joins). Missing on records made
   * before a third co-leader could join; then only a verified member's list counts.
   */
  inviterId?: string;
  /** Pinned identities of every member, this device included. */
  members: PublicIdentity[];
  /** deviceId → the signing key the leaders compared aloud. */
  verified: Record<string, string>;
  /** Set when a member's keys changed: the channel stays stopped until verified again. */
  blocked?: { deviceId: string; announced: PublicIdentity };
  /** Random, stable: the broker keeps this device's queue under it. */
  clientId: string;
}

export interface InviteRecord {
  v: 1;
  inviteId: string;
  channelId: string;
  text: string;
  expiresAt: number;
  used: boolean;
}

export const channelTopicName = (suffix: string) => `sq/v1/c/${suffix}`;
export const joinTopicName = (suffix: string) => `sq/v1/j/${suffix}`;

export const keyOf = (c: ChannelRecord) => fromBase64(c.channelKey) as ChannelKey;

/**
 * Every topic of this channel is this or under it: what a broker that gives
 * each device its own account grants that device for this channel.
 */
export const channelTopicPrefix = (c: ChannelRecord) => channelTopicName(channelTopic(keyOf(c)));

/** The topic filter of every join request and answer: one-time topics, sealed under each invite's secret. */
export const JOIN_TOPICS = joinTopicName('#');

/**
 * The identity last rebuilt through each repository, by its stored record.
 * Rebuilding derives both public keys again (Ed25519 and X25519 scalar
 * multiplications), and every envelope sent asks for the identity. Held per repository, so it
 * goes with the unlocked session that made the repository.
 */
const rebuilt = new WeakMap<ChannelRepo, { record: string; identity: DeviceIdentity }>();

/** This device's identity, made on first use and kept sealed in the vault. */
export async function myIdentity(repo: ChannelRepo): Promise<DeviceIdentity> {
  const stored = await repo.identity();
  if (stored) {
    const record = JSON.stringify(stored);
    const known = rebuilt.get(repo);
    if (known?.record === record) return known.identity;
    const identity = deserializeIdentity(stored);
    rebuilt.set(repo, { record, identity });
    return identity;
  }
  const fresh = newDeviceIdentity();
  await repo.putIdentity(serializeIdentity(fresh));
  return fresh;
}

/** New keys under the same device id: co-leaders see the change and verify again. */
export async function resetIdentity(repo: ChannelRepo): Promise<DeviceIdentity> {
  const old = await myIdentity(repo);
  const fresh = { ...newDeviceIdentity(), deviceId: old.deviceId };
  await repo.putIdentity(serializeIdentity(fresh));
  return fresh;
}

export const encodeKey = (k: Uint8Array) => toBase64(k);
