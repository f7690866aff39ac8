import { describe, expect, it } from 'vitest';
import { emitToGroup } from '../../../channel/outgoing';
import { fieldCipher, newVaultKey } from '../../../crypto';
import { resolveSettings, type Settings } from '../../../policy/settings';
import { Backchannel, ModeError } from '../../../ext/panel/backchannel';
import { SessionActions } from '../../../ext/common/session-actions';
import { ChannelRepo } from '../../../storage/channel-repo';
import { SquircleDb } from '../../../storage/db';
import { MessagesRepo } from '../../../storage/messages-repo';
import { GroupsRepo } from '../../../storage/roster-repo';

async function setup(mode: 'off' | 'signals' | 'spoken-first' | 'open', overrides: Partial<Settings> = {}) {
  const db = new SquircleDb(`t-${crypto.randomUUID()}`);
  const cipher = fieldCipher(newVaultKey());
  const repo = new ChannelRepo(db, cipher);
  // The real outgoing path: queued in the outbox when the group has a channel.
  const sink = (groupId: string, events: Parameters<typeof emitToGroup>[2]) => emitToGroup(repo, groupId, events);
  const group = await new GroupsRepo(db, cipher).create({
    name: 'G',
    kind: 'closed',
    schedule: '',
    coLeaders: [],
    backchannelMode: mode,
  });
  await repo.putChannel('00112233445566778899aabbccddeeff', group.id, {
    v: 1,
    channelId: '00112233445566778899aabbccddeeff',
    channelKey: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
    brokerUrl: 'ws://127.0.0.1:1',
    groupId: group.id,
    role: 'inviter',
    members: [],
    verified: {},
    clientId: 'c',
  });
  const actions = new SessionActions(db, cipher, 'me', Date.now, sink);
  const session = await actions.start('group', group.id, 'none', '');
  const settings = { ...resolveSettings({}).settings, ...overrides };
  const b = new Backchannel(db, cipher, actions, () => settings, sink);
  const outbox = () => repo.outboxSize('00112233445566778899aabbccddeeff');
  return { db, cipher, b, session, outbox, messages: new MessagesRepo(db, cipher) };
}

describe('the sender refuses what the mode forbids', () => {
  it('signals mode: no message leaves, nothing is stored; a signal does', async () => {
    const { b, session, outbox, messages } = await setup('signals');
    const before = await outbox();
    await expect(b.sendNow(session, 'a hidden remark')).rejects.toBeInstanceOf(ModeError);
    await expect(b.park(session, 'a hidden remark')).rejects.toBeInstanceOf(ModeError);
    expect(await outbox()).toBe(before);
    expect(await messages.listBySession(session.id)).toEqual([]);
    await b.signal(session, 'come-in');
    expect(await outbox()).toBe(before + 1);
  });

  it('off mode refuses even signals', async () => {
    const { b, session } = await setup('off');
    await expect(b.signal(session, 'time')).rejects.toBeInstanceOf(ModeError);
  });

  it('a clinic floor wins over the group’s choice, and switches turn off send-now and parking', async () => {
    const floored = await setup('open', { backchannelModeFloor: 'signals' });
    expect(await floored.b.mode(floored.session.ownerId)).toBe('signals');
    await expect(floored.b.sendNow(floored.session, 'x')).rejects.toBeInstanceOf(ModeError);
    const noSend = await setup('open', { allowSendNow: false, parkForDebrief: false });
    await expect(noSend.b.sendNow(noSend.session, 'x')).rejects.toBeInstanceOf(ModeError);
    await expect(noSend.b.park(noSend.session, 'x')).rejects.toBeInstanceOf(ModeError);
  });

  it('parked thoughts leave only when the session ends, once', async () => {
    const { b, session, outbox } = await setup('spoken-first');
    const before = await outbox();
    await b.park(session, 'for later');
    expect(await outbox()).toBe(before);
    await b.deliverParked(session.id);
    expect(await outbox()).toBe(before + 1);
    await b.deliverParked(session.id);
    expect(await outbox()).toBe(before + 1);
    expect((await b.debrief(session.id)).reflection).toBe(
      '0 thoughts said aloud, 1 parked, 0 sent privately, 0 signals.',
    );
  });
});
