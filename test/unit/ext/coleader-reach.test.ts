import { describe, expect, it } from 'vitest';
import type { GroupChannelInfo } from '../../../components/coleader/api';
import { coLeaderAbsence } from '../../../ext/panel/coleader-reach';

const channel = (over: Partial<GroupChannelInfo> = {}): GroupChannelInfo => ({
  channelId: 'c',
  brokerHost: 'broker.example',
  brokerUrl: 'wss://broker.example/',
  topicPrefix: 'sq/v1/c/t',
  joinTopicPrefix: 'sq/v1/j/',
  me: 'me',
  status: { state: 'connected', waiting: 0, presence: { co: 'here' } },
  coLeaders: [{ deviceId: 'co', safetyNumber: '1', verified: true, invitedMe: false }],
  diagnostics: [],
  ...over,
});

describe('coLeaderAbsence', () => {
  it('is null when a co-leader is here or away (their panel runs) and the channel is connected', () => {
    expect(coLeaderAbsence(channel())).toBeNull();
    expect(coLeaderAbsence(channel({ status: { state: 'connected', waiting: 0, presence: { co: 'away' } } }))).toBe(
      null,
    );
  });
  it('is null when another window of this browser runs the channel', () => {
    expect(coLeaderAbsence(channel({ status: { state: 'elsewhere', waiting: 0, presence: {} } }))).toBeNull();
  });
  it('names why no one would receive: unpaired, not joined, new keys, not allowed, offline, gone', () => {
    expect(coLeaderAbsence(undefined)).toMatch(/No co-leader is paired/);
    expect(coLeaderAbsence(channel({ coLeaders: [] }))).toMatch(/has not joined yet/);
    expect(coLeaderAbsence(channel({ blocked: { deviceId: 'co', safetyNumber: '2' } }))).toMatch(/keys changed/);
    expect(coLeaderAbsence(channel({ notAllowed: 'Your clinic does not allow this broker.' }))).toBe(
      'Your clinic does not allow this broker.',
    );
    for (const state of [
      'connecting',
      'reconnecting',
      'offline',
      'refused',
      'unreachable',
      'forbidden',
      'stopped',
    ] as const)
      expect(coLeaderAbsence(channel({ status: { state, waiting: 0, presence: { co: 'here' } } }))).toMatch(
        /Not connected to the broker/,
      );
    expect(coLeaderAbsence(channel({ status: { state: 'connected', waiting: 0, presence: { co: 'gone' } } }))).toMatch(
      /not connected right now/,
    );
    expect(coLeaderAbsence(channel({ status: { state: 'connected', waiting: 0, presence: {} } }))).toMatch(
      /not connected right now/,
    );
  });
});
