import {
  channelTopic,
  deserializeIdentity,
  endorseKeyChange,
  fromBase64,
  newDeviceIdentity,
  serializeIdentity,
  toBase64,
} from '../crypto';
import type { SignedPrekey } from '../crypto';
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
  /**
   * After this device made new keys: its previous signing key's endorsement
   * of its current identity (base64, crypto/hello.ts), sent with its hellos.
   */
  endorsement?: string;
  /** On a joiner: the version (hlc) of the last roster taken from the inviter; older ones are refused. */
  rosterHlc?: string;
  /** Random, stable: the broker keeps this device's queue under it. */
  clientId: string;
  /**
   * The data epochs whose keys this device holds, oldest first, the current
   * one last (channel/epochs.ts): at most MAX_HELD_EPOCHS. Missing or empty:
   * no epoch was opened yet, and only the first epoch (from the channel key) exists.
   */
  epochs?: HeldEpoch[];
  /** This device's ephemeral X25519 secrets for the next commit (base64, by public key): newest last, at most two. */
  prekeySecrets?: { pk: string; sk: string; epoch: number }[];
  /** The public half of this device's newest prekey, as published. */
  prekeyPublic?: SignedPrekey;
  /** The latest signed prekey each other member published, by device id. */
  prekeys?: Record<string, SignedPrekey>;
  /** Devices the inviter removed: never pinned again from a member list. */
  removed?: string[];
  /** Set on this device when a commit left it out: it holds no key of the channel's epochs any more. */
  removedAt?: number;
}

/** One epoch's envelope key as kept (sealed) here. */
export interface HeldEpoch {
  n: number;
  /** base64, 32 bytes: the epoch's envelope key (the secret it came from is not kept). */
  key: string;
  /** The device that opened it: of two commits for one epoch, the lower device id wins. */
  by: string;
  /** When it was opened here; for an older epoch, when it stopped being the current one. */
  at: number;
  /** The devices the commit that opened it gave its secret to, the opener included. */
  members?: string[];
}

export interface InviteRecord {
  v: 1;
  inviteId: string;
  channelId: string;
  text: string;
  /** The pairing code the inviter says in the call (crypto/pairing-code.ts); an invite without one pairs no one. */
  code?: string;
  /** Join requests answered for this invite; at MAX_PAIRING_TRIES it is spent. */
  tries?: number;
  expiresAt: number;
  used: boolean;
}

/** An epoch's topic: the channel's opaque prefix (fixed, for the broker's access list), then the epoch's part. */
export const channelTopicName = (prefix: string, epochPart: string) => `sq/v1/c/${prefix}/${epochPart}`;
/** Every epoch's topic of one channel. */
export const channelSubscription = (prefix: string) => `sq/v1/c/${prefix}/+`;
export const joinTopicName = (suffix: string) => `sq/v1/j/${suffix}`;

export const keyOf = (c: ChannelRecord) => fromBase64(c.channelKey) as ChannelKey;

/**
 * Every topic of this channel is this or under it: what a broker that gives
 * each device its own account grants that device for this channel.
 */
export const channelTopicPrefix = (c: ChannelRecord) => `sq/v1/c/${channelTopic(keyOf(c))}`;

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

/**
 * New keys under the same device id: co-leaders see the change and verify
 * again. Returns the new identity and the old signing key's endorsement of
 * it (base64), which the hellos carry.
 */
export async function resetIdentity(repo: ChannelRepo): Promise<{ identity: DeviceIdentity; endorsement: string }> {
  const old = await myIdentity(repo);
  const fresh = { ...newDeviceIdentity(), deviceId: old.deviceId };
  const endorsement = toBase64(endorseKeyChange(old, fresh));
  await repo.putIdentity(serializeIdentity(fresh));
  return { identity: fresh, endorsement };
}

export const encodeKey = (k: Uint8Array) => toBase64(k);
