// The engine's epochs on a fake transport: fresh secrets per epoch, convergence, removal and erasure.
import { describe, expect, it } from 'vitest';
import { ERASE_AFTER_MS, Epochs, LAGGING_AFTER_MS, controlEpoch, currentEpoch, topicOf } from '../../../channel/epochs';
import type { ChannelEvent } from '../../../channel/events';
import type { ChannelRecord } from '../../../channel/state';
import {
  FIRST_EPOCH,
  channelTopic,
  controlMessageKey,
  epochKey,
  fromBase64,
  newChannelId,
  newChannelKey,
  openEnvelope,
  ReceiveChain,
  publicIdentity,
  sealEnvelope,
  takeSendKeys,
  toBase64,
  type SendChainState,
} from '../../../crypto';
import type { ChannelKey, DeviceIdentity, EpochKey } from '../../../crypto/types';
import { fixedIdentity } from '../crypto/channel-fixtures';

interface Node {
  id: DeviceIdentity;
  record: ChannelRecord;
  epochs: Epochs;
  rejected: string[];
  /** Control events this node sent, not yet delivered. */
  out: ChannelEvent[];
  resynced: number;
  left: number;
  /** The chains beside the record, as ChannelRepo keeps them in the sealed replay row (send:n, chain:device:n). */
  chains: Record<string, string>;
}

function network(n: number, clock = { now: 1_000 }, firstFill = 1) {
  const channelId = newChannelId();
  const channelKey = toBase64(newChannelKey());
  const ids = Array.from({ length: n }, (_, i) => fixedIdentity(i + firstFill));
  const members = ids.map(publicIdentity);
  const nodes = ids.map((id, i): Node => {
    const node = {
      id,
      record: {
        v: 1,
        channelId,
        channelKey,
        brokerUrl: 'wss://b.example/mqtt',
        groupId: 'g',
        role: i === 0 ? 'inviter' : 'joiner',
        ...(i === 0 ? {} : { inviterId: ids[0]!.deviceId }),
        members,
        verified: {},
        clientId: `c${i}`,
      },
      rejected: [],
      out: [],
      resynced: 0,
      left: 0,
      chains: {},
    } as unknown as Node;
    node.epochs = new Epochs({
      channel: () => node.record,
      save: async (next, change) => {
        node.record = next;
        const gone = [...(change?.erase ?? []), ...(change?.start ? [change.start.epoch] : [])];
        for (const k of Object.keys(node.chains)) if (gone.includes(Number(k.split(':').at(-1)))) delete node.chains[k];
        const start = change?.start;
        if (!start) return;
        node.chains[`send:${start.epoch}`] = JSON.stringify(start.send);
        for (const [d, chain] of Object.entries(start.receive)) node.chains[`chain:${d}:${start.epoch}`] = chain;
      },
      me: () => id,
      control: async (events) => void node.out.push(...events),
      advanced: async () => void node.resynced++,
      reseal: async () => node.left,
      reject: async (reason) => void node.rejected.push(reason),
      now: () => clock.now,
    });
    return node;
  });
  /** Delivers every node's sent control events to every other node still listening, until none are left. */
  async function deliver(to = nodes): Promise<void> {
    for (let round = 0; round < 10 && nodes.some((x) => x.out.length); round++) {
      for (const from of nodes) {
        const events = from.out.splice(0);
        for (const node of to) {
          if (node === from) continue;
          for (const e of events) {
            if (e.t === 'commit') await node.epochs.commit(from.id.deviceId, e.commit);
            if (e.t === 'prekey') await node.epochs.prekey(from.id.deviceId, e.prekey);
          }
        }
      }
    }
  }
  return { nodes, deliver, clock, channelId };
}

const keyOf = (node: Node) => currentEpoch(node.record).key;

const firstEpochCounters = new WeakMap<Node, number>();

/** An envelope sealed with the next key of the node's sending chain in its current epoch. */
function seal(node: Node, payload = 'hello'): Uint8Array {
  const { n, key } = currentEpoch(node.record);
  // The first epoch has no ratchet: its message keys come from the channel key, per sender and counter.
  const taken =
    n === FIRST_EPOCH
      ? (() => {
          const first = (firstEpochCounters.get(node) ?? 0) + 1;
          firstEpochCounters.set(node, first);
          return { first, keys: [controlMessageKey(key, node.id.deviceId, first)] };
        })()
      : takeSendKeys(JSON.parse(node.chains[`send:${n}`]!) as SendChainState, 1);
  if ('state' in taken) node.chains[`send:${n}`] = JSON.stringify(taken.state);
  return sealEnvelope({
    channelId: node.record.channelId,
    sender: node.id,
    epoch: n,
    counter: taken.first,
    epochKey: key,
    payload: new TextEncoder().encode(payload),
    messageKeys: taken.keys,
  })[0]!;
}

/** Whether the node's stored key state (record and chains) opens the envelope; nothing of it is used up. */
function opens(node: Node, bytes: Uint8Array, from: Node): boolean {
  return opensWith(node.record, node.chains, bytes, from);
}

describe('Epochs', () => {
  it('the first epoch comes from the channel key; every later one has a fresh secret and its own topic', async () => {
    const { nodes, deliver } = network(2);
    const [a, b] = nodes as [Node, Node];
    const first = controlEpoch(a.record);
    expect(first.n).toBe(FIRST_EPOCH);
    expect(first.key).toEqual(epochKey(newKeyOf(a), FIRST_EPOCH));
    expect(first.topic).toBe(topicOf(newKeyOf(a), FIRST_EPOCH));
    expect(a.epochs.subscription()).toBe(`sq/v1/c/${channelTopic(newKeyOf(a))}/+`);
    // Alone, the inviter opens epoch 2 for itself (nobody else hears it).
    const both = a.record.members;
    a.record = { ...a.record, members: [publicIdentity(a.id)] };
    await a.epochs.connected();
    expect(a.epochs.current()).toBe(2);
    expect(a.out.map((e) => e.t)).toEqual(['commit', 'prekey']);
    a.out.length = 0;
    // b joins (the inviter pins it), connects and publishes its prekey: the inviter opens epoch 3 for both.
    a.record = { ...a.record, members: both };
    await b.epochs.connected();
    await deliver();
    expect(a.epochs.current()).toBe(3);
    expect(b.epochs.current()).toBe(3);
    expect(keyOf(b)).toEqual(keyOf(a));
    expect(keyOf(a)).not.toEqual(epochKey(newKeyOf(a), 3));
    expect(a.epochs.topic()).not.toBe(topicOf(newKeyOf(a), 3));
    expect(a.epochs.topic().startsWith(`sq/v1/c/${channelTopic(newKeyOf(a))}/`)).toBe(true);
    expect(b.resynced).toBe(1);
    expect(a.rejected.concat(b.rejected)).toEqual([]);
    // Epoch 2 (the inviter's alone) never reached the joiner.
    expect(b.epochs.held().map(([n]) => n)).toEqual([3, FIRST_EPOCH]);
  });

  it('two devices opening the same epoch at once end on the lower device id', async () => {
    const { nodes, deliver } = network(2);
    const [a, b] = nodes as [Node, Node];
    await a.epochs.connected();
    await b.epochs.connected();
    await deliver();
    const n = a.epochs.current();
    expect(b.epochs.current()).toBe(n);
    await Promise.all([a.epochs.open(), b.epochs.open()]);
    expect(a.epochs.current()).toBe(n + 1);
    expect(b.epochs.current()).toBe(n + 1);
    expect(keyOf(a)).not.toEqual(keyOf(b));
    await deliver();
    expect(keyOf(b)).toEqual(keyOf(a));
    expect(b.record.epochs!.at(-1)!.by).toBe(a.id.deviceId < b.id.deviceId ? a.id.deviceId : b.id.deviceId);
    // b's envelopes of its own losing epoch 4 still open on b (kept to re-seal its outbox), not on a.
    expect(a.rejected.concat(b.rejected)).toEqual([]);
  });

  it('removal: the next epoch leaves the removed device out, and it opens nothing sealed after', async () => {
    const { nodes, deliver } = network(3);
    const [a, b, c] = nodes as [Node, Node, Node];
    for (const x of nodes) await x.epochs.connected();
    await deliver();
    const before = seal(a, 'before');
    expect(opens(c, before, a)).toBe(true);
    const copy = structuredClone(c.record);
    const copyChains = structuredClone(c.chains);
    await a.epochs.open([c.id.deviceId]);
    await deliver();
    expect(c.record.removedAt).toBeDefined();
    expect(c.record.epochs).toBeUndefined();
    expect(c.record.prekeySecrets).toBeUndefined();
    expect(b.record.members.map((m) => m.deviceId)).toEqual([a.id.deviceId, b.id.deviceId]);
    expect(b.record.removed).toEqual([c.id.deviceId]);
    const after = seal(a, 'after');
    expect(opens(b, after, a)).toBe(true);
    expect(opens(c, after, a)).toBe(false);
    // Even a copy of c's whole record from just before the removal opens nothing after it.
    expect(opensWith(copy, copyChains, after, a)).toBe(false);
    expect(opensWith(copy, copyChains, before, a)).toBe(true);
    expect(c.chains).toEqual({});
  });

  it('refuses a commit that drops a member unless the inviter sent it, and far epoch jumps', async () => {
    const { nodes, deliver } = network(3);
    const [a, b, c] = nodes as [Node, Node, Node];
    for (const x of nodes) await x.epochs.connected();
    await deliver();
    // b (not the inviter) leaves c out: a and c refuse it.
    b.record = { ...b.record, role: 'joiner' };
    const cBefore = keyOf(c);
    await b.epochs.open([c.id.deviceId]);
    await deliver();
    expect(a.rejected).toContain('commit-not-inviter');
    expect(c.record.removedAt).toBeUndefined();
    expect(keyOf(c)).toEqual(cBefore);
    // A stranger's commit.
    const stranger = network(1, undefined, 9).nodes[0]!;
    await stranger.epochs.connected();
    const [commit] = stranger.out.filter((e) => e.t === 'commit');
    if (commit?.t !== 'commit') throw new Error('no commit');
    await a.epochs.commit(stranger.id.deviceId, commit.commit);
    expect(a.rejected).toContain('commit-not-member');
  });

  it('a member whose commit was lost, still sealing in the first epoch, gets the next from its opener', async () => {
    const { nodes, deliver, clock } = network(3);
    const [a, b, c] = nodes as [Node, Node, Node];
    await a.epochs.connected();
    // The broker delivers the inviter's commit to b and drops it for c.
    await deliver([a, b]);
    expect(a.epochs.current()).toBe(2);
    expect(b.epochs.current()).toBe(2);
    expect(c.epochs.current()).toBe(FIRST_EPOCH);
    expect(opens(c, seal(a), a)).toBe(false);
    // c's envelopes still open on a and b (the first epoch is held by all); in-flight ones raise nothing.
    expect(opens(a, seal(c), c)).toBe(true);
    expect(a.epochs.heardFrom(c.id.deviceId, FIRST_EPOCH)).toBe(false);
    clock.now += LAGGING_AFTER_MS + 1;
    // Only the epoch's opener answers a member that lags, and once per LAGGING_AFTER_MS.
    expect(b.epochs.heardFrom(c.id.deviceId, FIRST_EPOCH)).toBe(false);
    expect(a.epochs.heardFrom(b.id.deviceId, 2)).toBe(false);
    // Commits and prekeys are sealed in the first epoch by every member: they show no one left behind.
    expect(a.epochs.heardFrom(c.id.deviceId, FIRST_EPOCH, false)).toBe(false);
    expect(a.epochs.heardFrom(c.id.deviceId, FIRST_EPOCH)).toBe(true);
    expect(a.epochs.heardFrom(c.id.deviceId, FIRST_EPOCH)).toBe(false);
    await a.epochs.open();
    await deliver();
    for (const x of nodes) expect(x.epochs.current()).toBe(3);
    expect(keyOf(c)).toEqual(keyOf(a));
    expect(opens(c, seal(a), a)).toBe(true);
    expect(opens(b, seal(c), c)).toBe(true);
    expect(a.rejected.concat(b.rejected, c.rejected)).toEqual([]);
  });

  it('erases an old epoch once all spoke in the next or after ERASE_AFTER_MS, not while in the outbox', async () => {
    const { nodes, deliver, clock } = network(2);
    const [a, b] = nodes as [Node, Node];
    for (const x of nodes) await x.epochs.connected();
    await deliver();
    const n = a.epochs.current();
    const old = seal(a, `in epoch ${n}`);
    const oldKey = a.record.epochs!.find((e) => e.n === n)!.key;
    await a.epochs.open();
    await deliver();
    expect(opens(b, old, a)).toBe(true);
    // a heard b in the new epoch: the older one goes without waiting.
    await a.epochs.tidy();
    expect(a.record.epochs!.length).toBeGreaterThan(1);
    a.epochs.heardFrom(b.id.deviceId, n + 1);
    await a.epochs.tidy();
    expect(a.record.epochs!.map((e) => e.n)).toEqual([n + 1]);
    // b's outbox still holds envelopes of the older epoch it could not seal again.
    b.left = 1;
    b.epochs.heardFrom(a.id.deviceId, n + 1);
    clock.now += ERASE_AFTER_MS + 1;
    await b.epochs.tidy();
    expect(opens(b, old, a)).toBe(true);
    b.left = 0;
    await b.epochs.tidy();
    expect(opens(b, old, a)).toBe(false);
    expect(b.record.epochs!.map((e) => e.n)).toEqual([n + 1]);
    expect(b.record.prekeySecrets).toHaveLength(1);
    // a's whole key state now opens nothing of the older epoch, and holds no trace of its key.
    const stolen = structuredClone(a.record);
    expect(opensWith(stolen, a.chains, old, a)).toBe(false);
    expect(JSON.stringify(stolen)).not.toContain(oldKey);
    expect(Object.keys(a.chains).filter((k) => k.endsWith(`:${n}`))).toEqual([]);
  });
});

function newKeyOf(node: Node) {
  return fromBase64(node.record.channelKey) as ChannelKey;
}

/**
 * Whether an envelope opens with every key a stored channel record and its
 * chains hold (its data epochs' header keys and receive chains, and the
 * first epoch); the chains are read, not used up.
 */
function opensWith(record: ChannelRecord, chains: Record<string, string>, bytes: Uint8Array, from: Node): boolean {
  const keys: [number, EpochKey][] = (record.epochs ?? []).map((e) => [e.n, fromBase64(e.key) as EpochKey]);
  keys.push([FIRST_EPOCH, controlEpoch(record).key]);
  try {
    openEnvelope(bytes, {
      channelId: record.channelId,
      members: new Map([[from.id.deviceId, publicIdentity(from.id)]]),
      epochKeys: () => keys,
      messageKey: (sender, epoch, counter) => {
        if (epoch === FIRST_EPOCH) return controlMessageKey(controlEpoch(record).key, sender, counter);
        const stored = chains[`chain:${sender}:${epoch}`];
        return stored ? ReceiveChain.fromJSON(JSON.parse(stored)).take(counter) : undefined;
      },
    });
    return true;
  } catch {
    return false;
  }
}
