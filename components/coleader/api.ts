import type { SupervisionApi } from '../supervision/api';
/**
 * What the co-leader screens need, passed in. CoLeaderService
 * (ext/panel/coleader-service.ts) returns these types as they are: they live
 * here because components may not import ext/.
 */
export interface CoLeaderInfo {
  deviceId: string;
  safetyNumber: string;
  verified: boolean;
  /** This device joined by their invite. */
  invitedMe: boolean;
}

export interface GroupChannelInfo {
  channelId: string;
  /** The host name of the channel's broker. */
  brokerHost: string;
  /** The channel's broker address (wss://host[:port]/…), to tell the leader where to look when it cannot be reached. */
  brokerUrl: string;
  /** Every topic of the channel is this or under it: what the broker's administrator grants each device's account. */
  topicPrefix: string;
  /** Join requests and answers use topics under this (one-time, per invite). */
  joinTopicPrefix: string;
  /** This device's id, so the leaders can tell whose safety number is whose. */
  me: string;
  /**
   * The channel engine's ChannelStatus (channel/engine.ts), which must fit here:
   * 'elsewhere' means another page of this browser runs the channel.
   */
  status: {
    state:
      | 'connecting'
      | 'connected'
      | 'reconnecting'
      | 'offline'
      | 'refused'
      | 'unreachable'
      | 'forbidden'
      | 'stopped'
      | 'elsewhere';
    waiting: number;
    presence: Record<string, 'here' | 'away' | 'gone'>;
  };
  coLeaders: CoLeaderInfo[];
  /** A co-leader's keys changed: the channel is stopped until verified again. */
  blocked?: { deviceId: string; safetyNumber: string };
  /** This device invited the others, so it may remove a co-leader or a lost device. */
  canRemove?: boolean;
  /** The inviter removed this device: nothing sent in the channel since opens here. */
  removedHere?: boolean;
  /** The clinic's policy does not allow this channel's broker: why. */
  notAllowed?: string | undefined;
  diagnostics: { reason: string; count: number }[];
}

/** A one-time invite, sent by any route, and its pairing code, said only in the call ("123 456"). */
export interface NewInvite {
  text: string;
  code: string;
}

export interface CoLeaderApi {
  forGroup(groupId: string): Promise<GroupChannelInfo | undefined>;
  /** Returns the invite text (also shown as a QR code) and the code to say in the call. */
  invite(groupId: string): Promise<NewInvite>;
  /** The invite and the code the inviter said. Throws with a message for the user; stores nothing then. */
  join(text: string, code: string): Promise<void>;
  verify(groupId: string, deviceId: string): Promise<void>;
  /**
   * Removes a co-leader or a lost device from the group's channel: a new
   * epoch without it. Throws with a message for the user when this device
   * may not, or does not run the channel now.
   */
  remove(groupId: string, deviceId: string): Promise<void>;
  resetKeys(): Promise<void>;
  /** Accounts saved on this device by broker host (no passwords), and the hosts the clinic's account covers. */
  brokerAccounts(): Promise<{ saved: { host: string; username: string }[]; clinicHosts: string[] }>;
  /** Throws with a message for the user; saves nothing then. */
  saveBrokerAccount(host: string, username: string, password: string): Promise<void>;
  forgetBrokerAccount(host: string): Promise<void>;
  /** The broker new invites name (the joiner takes it from the invite), and whether the clinic sets it. */
  meetingPlace(): Promise<{ brokerUrl: string; locked: boolean }>;
  /** Throws with a message for the user; saves nothing then. */
  setMeetingPlace(url: string): Promise<void>;
  onChange(cb: () => void): () => void;
  /** Supervision over the same channels, where offered (components/supervision). */
  readonly supervision?: SupervisionApi;
}
