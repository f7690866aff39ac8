import {
  MAX_PAIRING_TRIES,
  answerPairing,
  checkJoinConfirm,
  decodeInvite,
  joinAccept,
  joinMessageKind,
  joinTopic,
  openJoinRequest,
  readJoinConfirm,
  toBase64,
  samePublicIdentity,
  validatePublicIdentity,
  verifyKeyChange,
  type InviterPairing,
} from '../crypto';
import type { Invite } from '../crypto/types';
import type { DeviceIdentity, PublicIdentity } from '../crypto/types';
import type { ChannelRepo } from '../storage/channel-repo';
import type { ChannelEvent, MembersEvent, RosterEvent } from './events';
import { joinTopicName, keyOf, type ChannelRecord, type InviteRecord } from './state';

export interface MembershipDeps {
  repo: ChannelRepo;
  channelId: string;
  /** The channel record as the engine holds it now. */
  channel(): ChannelRecord;
  /** Holds `next` as the channel record at once, then stores it. */
  save(next: ChannelRecord): Promise<void>;
  me(): DeviceIdentity;
  /** Publishes on a join topic; undefined while there is no connection. */
  publish(topic: string, payload: Uint8Array): Promise<void> | undefined;
  /** Seals events for the channel into the outbox and sends them. */
  emit(events: ChannelEvent[]): Promise<void>;
  /** Resolves once what waits in the outbox went out (or the connection dropped). */
  flush(): Promise<void>;
  /** The group's roster, which the inviter shares with joiners. */
  roster(groupId: string): Promise<ChannelEvent | undefined>;
  /** The members or the channel's state changed: status and presence are shown again. */
  changed(): void;
  now(): number;
}

/**
 * Who is in the channel: the inviter answers join requests for its pending
 * invites and announces the member list; a joiner takes the members its
 * inviter adds and learns its group from the inviter's roster; a hello
 * announcing changed keys for a pinned member stops the channel until the
 * leaders verify again. Every refusal is counted (ChannelRepo.reject).
 */
export class Membership {
  /** Pairings waiting for the joiner's proof of the code, by invite id, then joiner share (base64). */
  private readonly pairings = new Map<string, Map<string, InviterPairing>>();

  constructor(private readonly d: MembershipDeps) {}

  /** The member list as the inviter announces it. */
  membersEvent(): MembersEvent {
    return {
      t: 'members',
      members: this.d.channel().members.map((m) => ({ v: 1, deviceId: m.deviceId, signPk: m.signPk, boxPk: m.boxPk })),
    };
  }

  /** Invites of this channel not used and not expired. */
  async pendingInvites(): Promise<InviteRecord[]> {
    const all = await this.d.repo.invitesFor(this.d.channelId);
    return all.filter((i) => !i.used && !!i.code && i.expiresAt > this.d.now());
  }

  /** The join topic an invite's requests arrive on. */
  joinTopicOf(invite: InviteRecord): string {
    return joinTopicName(joinTopic(decodeInvite(invite.text, 0)));
  }

  /**
   * The inviter added a co-leader: pin the new member's keys, so their
   * envelopes open here. Only the inviter's list counts (it alone answers
   * joins, and it sent the list inside its signed envelope); it can only
   * add members, never change a pinned member's keys (a changed key goes
   * through the hello and verification) or remove one. The new member shows
   * unverified until the leaders compare their safety number.
   */
  async members(sender: string, e: MembersEvent): Promise<void> {
    const channel = this.d.channel();
    if (channel.role === 'inviter') return;
    const authority = channel.inviterId;
    if (authority ? sender !== authority : !channel.verified[sender])
      return this.d.repo.reject(this.d.channelId, 'members-not-inviter');
    const added: PublicIdentity[] = [];
    for (const m of e.members) {
      let identity: PublicIdentity;
      try {
        identity = validatePublicIdentity(m);
      } catch {
        return this.d.repo.reject(this.d.channelId, 'bad-members');
      }
      const pinned = channel.members.find((p) => p.deviceId === identity.deviceId);
      // A removed device stays out, whatever an older list still says.
      if (channel.removed?.includes(identity.deviceId)) continue;
      if (!pinned) added.push(identity);
      else if (!samePublicIdentity(pinned, identity)) await this.d.repo.reject(this.d.channelId, 'changed-key-members');
    }
    if (!added.length) return;
    const now = this.d.channel();
    await this.d.save({ ...now, members: [...now.members, ...added] });
    this.d.changed();
  }

  /**
   * Whether a roster from `sender` may be applied: on a joiner, only its
   * inviter's (who owns the group; without a known inviter, a verified
   * member's), and never one older than the last taken; the inviter takes
   * none. A refusal is counted; the same roster again passes silently.
   */
  async roster(sender: string, e: RosterEvent): Promise<boolean> {
    const channel = this.d.channel();
    const allowed =
      channel.role === 'joiner' && (channel.inviterId ? sender === channel.inviterId : !!channel.verified[sender]);
    if (!allowed) {
      await this.d.repo.reject(this.d.channelId, 'roster-not-inviter');
      return false;
    }
    if (channel.rosterHlc !== undefined && e.hlc < channel.rosterHlc) {
      await this.d.repo.reject(this.d.channelId, 'stale-roster');
      return false;
    }
    if (e.hlc !== channel.rosterHlc) await this.d.save({ ...channel, rosterHlc: e.hlc });
    return true;
  }

  /**
   * A joiner not yet bound learns its group from the inviter's roster among
   * `data`. Returns whether it bound.
   */
  async bindFromRoster(data: ChannelEvent[]): Promise<boolean> {
    const channel = this.d.channel();
    const roster = data.find((e) => e.t === 'roster');
    if (!roster || roster.t !== 'roster' || channel.groupId || channel.role !== 'joiner') return false;
    await this.d.save({ ...channel, groupId: roster.group.id });
    return true;
  }

  /**
   * A hello (opened and verified against the identity it announces): a
   * member's keys changed under the same device id, endorsed by the key
   * pinned here, so the channel stops until the leaders verify again.
   */
  async hello(announced: PublicIdentity, endorsement?: Uint8Array): Promise<void> {
    const channel = this.d.channel();
    const pinned = channel.members.find((m) => m.deviceId === announced.deviceId);
    if (!pinned || samePublicIdentity(pinned, announced) || announced.deviceId === this.d.me().deviceId) return;
    // Anyone holding the channel key can announce a key for another member:
    // only the pinned key's own endorsement makes it worth verifying.
    if (!endorsement || !verifyKeyChange(pinned, announced, endorsement))
      return this.d.repo.reject(this.d.channelId, 'unendorsed-key-change');
    if (channel.blocked && samePublicIdentity(channel.blocked.announced, announced)) return;
    await this.d.save({ ...channel, blocked: { deviceId: announced.deviceId, announced } });
    this.d.changed();
  }

  /**
   * A message on a join topic, on the inviter: a request for one of its
   * pending invites gets a challenge (at most MAX_PAIRING_TRIES per invite,
   * then the invite is spent); a confirm proving the code gets the channel
   * key and members, the joiner pinned and verified. Nothing of the group
   * goes out before that proof. Every refusal is counted.
   */
  async joinMessage(topic: string, payload: Uint8Array): Promise<void> {
    const kind = joinMessageKind(payload);
    if ((kind !== 'request' && kind !== 'confirm') || this.d.channel().role !== 'inviter') return;
    for (const rec of await this.pendingInvites()) {
      const invite = decodeInvite(rec.text, 0);
      if (joinTopicName(joinTopic(invite)) !== topic) continue;
      return kind === 'request' ? this.answer(rec, invite, payload) : this.confirmed(rec, invite, payload);
    }
  }

  private async answer(rec: InviteRecord, invite: Invite, payload: Uint8Array): Promise<void> {
    let opened;
    try {
      opened = openJoinRequest(invite, this.d.me(), payload, this.d.now());
    } catch {
      return this.d.repo.reject(this.d.channelId, 'bad-join');
    }
    const pinned = this.d.channel().members.find((m) => m.deviceId === opened.joiner.deviceId);
    if (pinned && !samePublicIdentity(pinned, opened.joiner))
      return this.d.repo.reject(this.d.channelId, 'changed-key-join');
    const waiting = this.pairings.get(rec.inviteId) ?? new Map<string, InviterPairing>();
    const key = toBase64(opened.share);
    let pairing = waiting.get(key);
    if (!pairing) {
      // Each new share is one guess at the code: the invite allows only a few.
      const tries = (rec.tries ?? 0) + 1;
      if (tries > MAX_PAIRING_TRIES) return this.spend(rec);
      try {
        pairing = answerPairing(invite, this.d.me(), opened, rec.code!);
      } catch {
        return this.d.repo.reject(this.d.channelId, 'bad-join');
      }
      await this.d.repo.putInvite(rec.inviteId, { ...rec, tries });
      waiting.set(key, pairing);
      this.pairings.set(rec.inviteId, waiting);
    }
    await this.d.publish(joinTopicName(joinTopic(invite)), pairing.challenge);
  }

  private async spend(rec: InviteRecord): Promise<void> {
    await this.d.repo.putInvite(rec.inviteId, { ...rec, used: true });
    this.pairings.delete(rec.inviteId);
    await this.d.repo.reject(this.d.channelId, 'pairing-tries-spent');
    this.d.changed();
  }

  private async confirmed(rec: InviteRecord, invite: Invite, payload: Uint8Array): Promise<void> {
    let pairing: InviterPairing | undefined;
    try {
      pairing = this.pairings.get(rec.inviteId)?.get(toBase64(readJoinConfirm(invite, payload).share));
      if (!pairing) return;
      checkJoinConfirm(invite, pairing, payload);
    } catch {
      return this.d.repo.reject(this.d.channelId, 'wrong-code');
    }
    const { joiner } = pairing;
    this.pairings.delete(rec.inviteId);
    await this.d.repo.putInvite(rec.inviteId, { ...rec, used: true });
    const channel = this.d.channel();
    const pinned = channel.members.find((m) => m.deviceId === joiner.deviceId);
    const members = pinned ? channel.members : [...channel.members, joiner];
    // The joiner proved the code said in the call: pairing and verification are one step.
    await this.d.save({ ...channel, members, verified: { ...channel.verified, [joiner.deviceId]: joiner.signPk } });
    // Tell the co-leaders already here before the new one can send anything:
    // the broker delivers this ahead of any envelope the joiner seals, as the
    // joiner gets the channel key only after this was acknowledged.
    if (!pinned && members.length > 2) {
      await this.d.emit([this.membersEvent()]);
      await this.d.flush();
    }
    await this.d.publish(
      joinTopicName(joinTopic(invite)),
      joinAccept({
        invite,
        inviter: this.d.me(),
        joiner,
        channelKey: keyOf(channel),
        members,
        pairingKey: pairing.pairingKey,
      }),
    );
    const roster = await this.d.roster(this.d.channel().groupId);
    if (roster) await this.d.emit([roster]);
    this.d.changed();
  }
}
