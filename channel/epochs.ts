import {
  CommitError,
  FIRST_EPOCH,
  MAX_EPOCH,
  MAX_EPOCH_STEP,
  channelTopic,
  epochKey,
  epochKeyFromSecret,
  epochTopic,
  fromBase64,
  newPrekey,
  openCommit,
  ratchetKeys,
  ReceiveChain,
  sendChain,
  sealCommit,
  toBase64,
  verifyPrekey,
  type Commit,
  type SignedPrekey,
} from '../crypto';
import type { BoxSecretKey, ChannelKey, DeviceIdentity, EpochKey } from '../crypto/types';
import type { EpochChains } from '../storage/channel-repo';
import type { ChannelEvent } from './events';
import { channelSubscription, channelTopicName, keyOf, type ChannelRecord, type HeldEpoch } from './state';

/** Data epochs held at once: the current one and a few whose outbox and resync are not done. */
export const MAX_HELD_EPOCHS = 3;
/** An epoch no longer current is erased this long after, at the latest, even if a member never answered in the next. */
export const ERASE_AFTER_MS = 120_000;
/** A member of the current epoch still sealing in an older one this long after it opened has missed its commit. */
export const LAGGING_AFTER_MS = 15_000;
/** Prekey secrets kept: the newest and the one before (a commit racing with ours may be sealed to it). */
const MAX_PREKEY_SECRETS = 2;

export interface EpochsDeps {
  /** The channel record as the engine holds it now. */
  channel(): ChannelRecord;
  /**
   * Holds `next` as the channel record at once, then stores it (sealed in
   * the vault), with `chains` in the same transaction: an epoch's chains
   * start, erased epochs' chains go.
   */
  save(next: ChannelRecord, chains?: EpochChains): Promise<void>;
  me(): DeviceIdentity;
  /** Seals events on the first epoch (every member holds its key) and sends them. */
  control(events: ChannelEvent[]): Promise<void>;
  /**
   * The current epoch changed: what waits in the outbox under an older one
   * is sealed again under it, and the co-leaders are asked for a resync.
   */
  advanced(): Promise<void>;
  /**
   * Re-seals outbox rows of epochs no longer current; resolves with how many
   * rows of those epochs remain (0 when all moved).
   */
  reseal(): Promise<number>;
  reject(reason: string): Promise<void>;
  now(): number;
}

/** The epoch a record seals in: its number, key and topic. */
export function currentEpoch(c: ChannelRecord): { n: number; key: EpochKey; topic: string } {
  const held = c.epochs?.at(-1);
  const key = held ? (fromBase64(held.key) as EpochKey) : epochKey(keyOf(c), FIRST_EPOCH);
  const n = held?.n ?? FIRST_EPOCH;
  return { n, key, topic: topicFor(c, key) };
}

/** The first epoch (from the channel key), on which commits and prekeys travel. */
export function controlEpoch(c: ChannelRecord): { n: number; key: EpochKey; topic: string } {
  const key = epochKey(keyOf(c), FIRST_EPOCH);
  return { n: FIRST_EPOCH, key, topic: topicFor(c, key) };
}

/** The topic an epoch key's envelopes travel on: the channel's fixed prefix, then a part only key holders compute. */
export function topicFor(c: ChannelRecord, key: EpochKey): string {
  return channelTopicName(channelTopic(keyOf(c)), epochTopic(key));
}

/**
 * The channel's epochs. The first epoch's key comes from the channel key
 * and carries only commits, prekeys and hellos once a data epoch exists.
 * Every later epoch has a fresh random secret, sealed by the device that
 * opens it to each remaining member's signed ephemeral key (a commit,
 * crypto/epoch-commit.ts). Of two commits for the same epoch the one from
 * the lower device id wins on every device. An epoch no longer current is
 * kept until the outbox holds nothing of it and every member was heard in
 * a newer one (or ERASE_AFTER_MS passed), then erased with the prekey
 * secrets used for it.
 */
export class Epochs {
  /** deviceId → the newest epoch heard from it. */
  private readonly heard = new Map<string, number>();
  private opening: Promise<void> | undefined;
  /** When heardFrom() last asked for the next epoch because a member lagged. */
  private reopenedAt = 0;

  constructor(private readonly d: EpochsDeps) {}

  /** The epoch this device seals in. */
  current(): number {
    return currentEpoch(this.d.channel()).n;
  }

  /** The topic of the current epoch. */
  topic(): string {
    return currentEpoch(this.d.channel()).topic;
  }

  /** What this device subscribes to: every epoch's topic under the channel's prefix. */
  subscription(): string {
    return channelSubscription(channelTopic(keyOf(this.d.channel())));
  }

  /** The epochs whose envelopes open here, with their keys, the current one first: a bounded few. */
  held(): [number, EpochKey][] {
    const c = this.d.channel();
    const data = (c.epochs ?? []).map((e): [number, EpochKey] => [e.n, fromBase64(e.key) as EpochKey]).reverse();
    return [...data, [FIRST_EPOCH, controlEpoch(c).key]];
  }

  /** Whether `topic` is the topic of an epoch held here (the first included). */
  holdsTopic(topic: string): boolean {
    const c = this.d.channel();
    let topics = this.topics.get(c);
    if (!topics) {
      topics = new Set(this.held().map(([, key]) => topicFor(c, key)));
      this.topics.set(c, topics);
    }
    return topics.has(topic);
  }

  private readonly topics = new WeakMap<ChannelRecord, Set<string>>();

  /**
   * An envelope of `epoch` came from `deviceId`. True when this device
   * should open the next epoch again: it opened the current one for that
   * member, and the member still seals in an older epoch LAGGING_AFTER_MS
   * later, so the commit never reached it (a broker that dropped it after
   * acknowledging it, or a member not yet subscribed when it went out).
   * Anti-entropy cannot bring a commit, and without a new one the member
   * would open nothing of the channel again. At most once per LAGGING_AFTER_MS.
   * `data`: the envelope held other events than commits and prekeys, which
   * every member seals in the first epoch whatever epoch it holds.
   */
  heardFrom(deviceId: string, epoch: number, data = true): boolean {
    if (epoch > (this.heard.get(deviceId) ?? 0)) this.heard.set(deviceId, epoch);
    const current = this.d.channel().epochs?.at(-1);
    if (!data || !current || epoch >= current.n || current.by !== this.d.me().deviceId) return false;
    if (!current.members?.includes(deviceId)) return false;
    const now = this.d.now();
    if (now - current.at < LAGGING_AFTER_MS || now - this.reopenedAt < LAGGING_AFTER_MS) return false;
    this.reopenedAt = now;
    return true;
  }

  /** After connecting: a channel without a data epoch gets one (the inviter opens it), and our prekey goes out. */
  async connected(): Promise<void> {
    const c = this.d.channel();
    if (c.removedAt) return;
    if (!c.epochs?.length && c.role === 'inviter') await this.open();
    else await this.publishPrekey(false);
  }

  /**
   * Opens the next epoch for every member but `remove`: draws its secret,
   * seals it to each member's prekey, takes it as the current epoch, then
   * sends the commit and a fresh prekey of ours. One opening at a time.
   */
  open(remove: string[] = []): Promise<void> {
    const run = (this.opening ?? Promise.resolve()).then(() => this.openNow(remove));
    this.opening = run.catch(() => undefined);
    return run;
  }

  private async openNow(remove: string[]): Promise<void> {
    const c = this.d.channel();
    const me = this.d.me();
    if (c.removedAt) return;
    const n = currentEpoch(c).n + 1;
    if (n > MAX_EPOCH) return this.d.reject('epochs-exhausted');
    const recipients = c.members
      .filter((m) => m.deviceId !== me.deviceId && !remove.includes(m.deviceId) && !c.removed?.includes(m.deviceId))
      .map((identity) => {
        const prekey = c.prekeys?.[identity.deviceId];
        return prekey && verifyPrekey(identity, c.channelId, prekey) ? { identity, prekey } : { identity };
      });
    const { commit, secret } = sealCommit({ channelId: c.channelId, opener: me, epoch: n, recipients });
    const { header, chains } = this.ratchet(secret, c.channelId, n, commit.members);
    const removed = [...new Set([...(c.removed ?? []), ...remove])];
    const { record, event } = this.withFreshPrekey({
      ...this.adopt(c, { n, key: toBase64(header), by: me.deviceId, at: this.d.now(), members: commit.members }),
      members: c.members.filter((m) => !remove.includes(m.deviceId)),
      verified: Object.fromEntries(Object.entries(c.verified).filter(([id]) => !remove.includes(id))),
      ...(removed.length ? { removed } : {}),
    });
    header.fill(0);
    await this.d.save(record, { start: chains, erase: this.dropped(c, record) });
    await this.d.control([{ t: 'commit', commit }, event]);
    await this.d.advanced();
  }

  /**
   * A commit from `sender` (its envelope opened and signed by that member).
   * Taken when it opens a newer epoch, or the same epoch from a lower device
   * id; a commit that leaves a member out counts only from the inviter.
   */
  async commit(sender: string, commit: Commit): Promise<void> {
    await this.opening;
    const c = this.d.channel();
    const me = this.d.me();
    if (c.removedAt || sender === me.deviceId) return;
    const opener = c.members.find((m) => m.deviceId === sender);
    if (!opener || commit.by !== sender) return this.d.reject('commit-not-member');
    const cur = currentEpoch(c);
    const curBy = c.epochs?.at(-1)?.by;
    if (commit.epoch < cur.n || (commit.epoch === cur.n && (!curBy || curBy <= commit.by))) return;
    if (commit.epoch > cur.n + MAX_EPOCH_STEP) return this.d.reject('epoch-jump');
    const authority = c.role === 'joiner' && sender === c.inviterId;
    const dropped = c.members.filter((m) => !commit.members.includes(m.deviceId)).map((m) => m.deviceId);
    const unknown = commit.members.filter((id) => !c.members.some((m) => m.deviceId === id));
    if ((dropped.length || unknown.length) && !authority) return this.d.reject('commit-not-inviter');
    if (dropped.includes(me.deviceId)) {
      // Left out by the inviter: nothing of the channel's epochs stays here.
      const { epochs: _e, prekeySecrets: _p, ...rest } = c;
      await this.d.save({ ...rest, removedAt: this.d.now() }, { erase: (c.epochs ?? []).map((e) => e.n) });
      return;
    }
    let secret: Uint8Array;
    try {
      secret = openCommit(commit, {
        channelId: c.channelId,
        opener,
        me,
        secretFor: (pk) => this.secretFor(pk),
      });
    } catch (e) {
      return this.d.reject(e instanceof CommitError ? `commit-${e.reason}` : 'commit-malformed');
    }
    const { header, chains } = this.ratchet(secret, c.channelId, commit.epoch, commit.members);
    const removed = [...new Set([...(c.removed ?? []), ...dropped])];
    const { record, event } = this.withFreshPrekey({
      ...this.adopt(c, {
        n: commit.epoch,
        key: toBase64(header),
        by: commit.by,
        at: this.d.now(),
        members: commit.members,
      }),
      members: c.members.filter((m) => !dropped.includes(m.deviceId)),
      ...(removed.length ? { removed } : {}),
    });
    header.fill(0);
    await this.d.save(record, { start: chains, erase: this.dropped(c, record) });
    await this.d.control([event]);
    await this.d.advanced();
  }

  /**
   * A member's new prekey, kept when its signature holds. On the inviter, a
   * member the current epoch leaves out (a new co-leader) gets a new epoch
   * now that its prekey is known.
   */
  async prekey(sender: string, prekey: SignedPrekey): Promise<void> {
    const c = this.d.channel();
    const member = c.members.find((m) => m.deviceId === sender);
    if (!member || !verifyPrekey(member, c.channelId, prekey)) return this.d.reject('bad-prekey');
    const had = c.prekeys?.[sender];
    if (had && had.epoch > prekey.epoch) return;
    if (had?.pk !== prekey.pk) await this.d.save({ ...c, prekeys: { ...c.prekeys, [sender]: prekey } });
    const members = c.epochs?.at(-1)?.members;
    if (c.role === 'inviter' && !c.removedAt && members && !members.includes(sender)) await this.open();
  }

  /**
   * Erases what is done with: epochs no longer current whose outbox rows
   * are all sealed again and in whose successor every member was heard
   * (or that stopped being current ERASE_AFTER_MS ago), and the prekey
   * secrets older than the newest once no older epoch is held.
   */
  async tidy(): Promise<void> {
    const c = this.d.channel();
    const old = (c.epochs ?? []).slice(0, -1);
    if (!old.length) return;
    if ((await this.d.reseal()) > 0) return;
    const now = this.d.now();
    const current = c.epochs!.at(-1)!;
    const others = (current.members ?? []).filter((id) => id !== this.d.me().deviceId);
    const allMoved = others.every((id) => (this.heard.get(id) ?? 0) >= current.n);
    const keep = old.filter((e) => !allMoved && now - e.at < ERASE_AFTER_MS);
    if (keep.length === old.length) return;
    const latest = this.d.channel();
    const next = {
      ...latest,
      epochs: [...keep, ...(latest.epochs ?? []).slice(-1)],
      ...(keep.length ? {} : { prekeySecrets: (latest.prekeySecrets ?? []).slice(-1) }),
    };
    await this.d.save(next, { erase: this.dropped(latest, next) });
  }

  /** Epochs `before` held that `after` no longer does. */
  private dropped(before: ChannelRecord, after: ChannelRecord): number[] {
    const kept = new Set((after.epochs ?? []).map((e) => `${e.n}:${e.key}`));
    return (before.epochs ?? []).filter((e) => !kept.has(`${e.n}:${e.key}`)).map((e) => e.n);
  }

  /**
   * The header key and chains of epoch `n` from its secret (crypto/ratchet.ts):
   * this device's sending chain and a receive chain for each other member.
   * The secret and the epoch key are erased here; the caller erases the header key once stored.
   */
  private ratchet(
    secret: Uint8Array,
    channelId: string,
    n: number,
    members: readonly string[],
  ): { header: EpochKey; chains: NonNullable<EpochChains['start']> } {
    const key = epochKeyFromSecret(secret, channelId, n);
    secret.fill(0);
    const { header, chains } = ratchetKeys(key, channelId, n, members);
    key.fill(0);
    const me = this.d.me().deviceId;
    const receive: Record<string, string> = {};
    let send = undefined as ReturnType<typeof sendChain> | undefined;
    for (const [id, ck] of chains) {
      if (id === me) send = sendChain(ck);
      else receive[id] = JSON.stringify(ReceiveChain.start(ck));
      ck.fill(0);
    }
    // A commit always names its opener and every recipient; one without this device gave it no slot to open.
    if (!send) throw new TypeError('An epoch this device is in names it.');
    return { header, chains: { epoch: n, send, receive } };
  }

  /** Sends our current prekey (a new one when `fresh` or when none is held). */
  private async publishPrekey(fresh: boolean): Promise<void> {
    const c = this.d.channel();
    if (!fresh && c.prekeySecrets?.length && c.prekeyPublic)
      return this.d.control([{ t: 'prekey', prekey: c.prekeyPublic }]);
    const { record, event } = this.withFreshPrekey(c);
    await this.d.save(record);
    await this.d.control([event]);
  }

  /**
   * `c` with a fresh prekey: its secret joins the record (the older of two
   * held is dropped), and the event that publishes it.
   */
  private withFreshPrekey(c: ChannelRecord): { record: ChannelRecord; event: ChannelEvent } {
    const { secretKey, prekey } = newPrekey(this.d.me(), c.channelId, currentEpoch(c).n);
    const secrets = [...(c.prekeySecrets ?? []), { pk: prekey.pk, sk: toBase64(secretKey), epoch: prekey.epoch }];
    secretKey.fill(0);
    return {
      record: { ...c, prekeySecrets: secrets.slice(-MAX_PREKEY_SECRETS), prekeyPublic: prekey },
      event: { t: 'prekey', prekey },
    };
  }

  /** The record with `next` as its current epoch; the one it replaces is kept (older first) up to MAX_HELD_EPOCHS. */
  private adopt(c: ChannelRecord, next: HeldEpoch): ChannelRecord {
    const now = this.d.now();
    const before = (c.epochs ?? []).map((e, i, all) => (i === all.length - 1 ? { ...e, at: now } : e));
    return { ...c, epochs: [...before, next].slice(-MAX_HELD_EPOCHS) };
  }

  private secretFor(pk: string): BoxSecretKey | undefined {
    const c = this.d.channel();
    const held = c.prekeySecrets?.find((s) => s.pk === pk);
    if (held) return fromBase64(held.sk) as BoxSecretKey;
    const me = this.d.me();
    return toBase64(me.box.publicKey) === pk ? me.box.secretKey : undefined;
  }
}

/** The topic of an epoch whose key comes from the channel key (the first), for senders outside an engine. */
export function topicOf(channelKey: ChannelKey, epoch: number): string {
  return channelTopicName(channelTopic(channelKey), epochTopic(epochKey(channelKey, epoch)));
}
