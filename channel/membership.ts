import {
  decodeInvite,
  joinAccept,
  joinMessageKind,
  joinTopic,
  openJoinRequest,
  samePublicIdentity,
  validatePublicIdentity,
  verifyKeyChange,
} from '../crypto';
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
    return all.filter((i) => !i.used && i.expiresAt > this.d.now());
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

  /** A message on a join topic: the inviter answers a valid request for one of its pending invites. */
  async joinMessage(topic: string, payload: Uint8Array): Promise<void> {
    if (joinMessageKind(payload) !== 'request' || this.d.channel().role !== 'inviter') return;
    for (const rec of await this.pendingInvites()) {
      const invite = decodeInvite(rec.text, 0);
      if (joinTopicName(joinTopic(invite)) !== topic) continue;
      let joiner;
      try {
        joiner = openJoinRequest(invite, this.d.me(), payload, this.d.now());
      } catch {
        return this.d.repo.reject(this.d.channelId, 'bad-join');
      }
      const channel = this.d.channel();
      const pinned = channel.members.find((m) => m.deviceId === joiner.deviceId);
      if (pinned && !samePublicIdentity(pinned, joiner))
        return this.d.repo.reject(this.d.channelId, 'changed-key-join');
      await this.d.repo.putInvite(rec.inviteId, { ...rec, used: true });
      const members = pinned ? channel.members : [...channel.members, joiner];
      await this.d.save({ ...channel, members });
      // Tell the co-leaders already here before the new one can send anything:
      // the broker delivers this ahead of any envelope the joiner seals, as the
      // joiner gets the channel key only after this was acknowledged.
      if (!pinned && members.length > 2) {
        await this.d.emit([this.membersEvent()]);
        await this.d.flush();
      }
      await this.d.publish(
        topic,
        joinAccept({ invite, inviter: this.d.me(), joiner, channelKey: keyOf(channel), members }),
      );
      const roster = await this.d.roster(this.d.channel().groupId);
      if (roster) await this.d.emit([roster]);
      this.d.changed();
      return;
    }
  }
}
