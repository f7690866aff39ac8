// Sealing events into the outbox: in order, every envelope opens for the
// co-leader, and a batch never exceeds what one envelope carries (a resync
// answer holds a whole session: its markers and every field of its note).
import { describe, expect, it } from 'vitest';
import type { ChannelEvent, MarkerEvent, NoteFieldEvent } from '../../../channel/events';
import { parseEvents } from '../../../channel/events';
import { emitToChannel } from '../../../channel/outgoing';
import { myIdentity, type ChannelRecord } from '../../../channel/state';
import {
  controlMessageKey,
  ENVELOPE_BYTES,
  FIRST_EPOCH,
  epochKey,
  fieldCipher,
  fromBase64,
  newChannelId,
  newChannelKey,
  newVaultKey,
  openEnvelope,
  publicIdentity,
  toBase64,
} from '../../../crypto';
import type { ChannelKey } from '../../../crypto/types';
import { ChannelRepo } from '../../../storage/channel-repo';
import { SquircleDb } from '../../../storage/db';

async function channel() {
  const repo = new ChannelRepo(new SquircleDb(`out-${crypto.randomUUID()}`), fieldCipher(newVaultKey()));
  const me = publicIdentity(await myIdentity(repo));
  const record: ChannelRecord = {
    v: 1,
    channelId: newChannelId(),
    channelKey: toBase64(newChannelKey()),
    brokerUrl: 'ws://127.0.0.1:1',
    groupId: 'g',
    role: 'inviter',
    members: [me],
    verified: {},
    clientId: 'c',
  };
  await repo.putChannel(record.channelId, 'g', record);
  /** What the co-leader reads from the outbox: each payload with the counters of its envelopes, parts joined. */
  const received = async () => {
    const key = fromBase64(record.channelKey) as ChannelKey;
    const rows = await repo.outbox(record.channelId);
    const out: { counters: number[]; events: ChannelEvent[] | undefined }[] = [];
    let chunks: Uint8Array[] = [];
    let counters: number[] = [];
    for (const r of rows) {
      expect(r.envelope).toHaveLength(ENVELOPE_BYTES);
      const opened = openEnvelope(r.envelope, {
        channelId: record.channelId,
        members: new Map([[me.deviceId, me]]),
        epochKeys: () => [[FIRST_EPOCH, epochKey(key, FIRST_EPOCH)]],
        messageKey: (sender, _epoch, counter) => controlMessageKey(epochKey(key, FIRST_EPOCH), sender, counter),
      });
      expect(opened.part).toBe(chunks.length);
      chunks.push(opened.payload);
      counters.push(opened.counter);
      if (opened.part === opened.parts - 1) {
        out.push({ counters, events: parseEvents(Buffer.concat(chunks)) });
        chunks = [];
        counters = [];
      }
    }
    expect(chunks).toEqual([]);
    return out;
  };
  return { repo, record, received };
}

const marker = (i: number, text: string): MarkerEvent => ({
  t: 'marker',
  id: `m-${i}`,
  sessionId: 's',
  at: i * 1000,
  wallAt: i,
  category: 'general.mark',
  memberId: null,
  text,
  auto: false,
  deleted: false,
  author: 'dev',
  hlc: `h${i}`,
});
const field = (name: string, text: string): NoteFieldEvent => ({
  t: 'note-field',
  sessionId: 's',
  template: 'group-process',
  field: name,
  version: { text, hlc: `n-${name}`, base: '', author: 'A' },
});

describe('emitToChannel', () => {
  it('queues events in order, at most 40 to an envelope, each envelope opening for a member', async () => {
    const { repo, record, received } = await channel();
    const events = Array.from({ length: 95 }, (_, i) => marker(i, `m${i}`));
    await emitToChannel(repo, record, events);
    const got = await received();
    expect(got.map((g) => g.events?.length)).toEqual([40, 40, 15]);
    // One counter per envelope, consecutive across the parts of each payload.
    const counters = got.flatMap((g) => g.counters);
    expect(counters).toEqual(counters.map((_, i) => i + 1));
    expect(got.flatMap((g) => g.events)).toEqual(events);
  });

  it('splits a session too big for one envelope: 30 full markers and a long note', async () => {
    const { repo, record, received } = await channel();
    // Marker notes as long as the editor allows (280), in a script of 3-byte characters; note fields of a few KB each.
    const events: ChannelEvent[] = [
      ...Array.from({ length: 30 }, (_, i) => marker(i, '心'.repeat(280))),
      ...['attendance', 'themes', 'hereAndNow', 'factors', 'climate', 'members', 'coleaders', 'risk', 'plan'].map((f) =>
        field(f, `${f}: ${'a thoughtful sentence about the group. '.repeat(150)}`),
      ),
    ];
    expect(new TextEncoder().encode(JSON.stringify({ v: 1, events })).length).toBeGreaterThan(65_536);
    await emitToChannel(repo, record, events);
    const got = await received();
    expect(got.length).toBeGreaterThan(1);
    expect(got.every((g) => g.events !== undefined)).toBe(true);
    expect(got.flatMap((g) => g.events)).toEqual(events);
  });
});
