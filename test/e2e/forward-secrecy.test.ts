// Forward secrecy within and across sessions, end to end. Two paired leaders
// run a session with markers on both sides while a raw `sq/#` subscriber
// records every byte the broker relays. Device A's whole key state (its
// sealed channel and identity records and its chains, opened with the
// passphrase as a thief who knows it would) is taken three times: when the
// session's epoch has begun, when it opens that session's markers from the
// capture; once both markers were received, when it opens neither (each
// message key is gone once used); and after the session ended and the next
// epoch started, when it opens nothing of the session. What still opens then is
// the first epoch's upkeep (commits, prekeys, hellos: no name, marker or
// note), and no commit of an epoch up to the session's gives up its secret.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { parseEvents, type ChannelEvent } from '../../channel/events';
import type { ChannelRecord } from '../../channel/state';
import {
  CommitError,
  DEFAULT_REPLAY_WINDOW,
  EnvelopeError,
  FIRST_EPOCH,
  ReceiveChain,
  controlMessageKey,
  deserializeIdentity,
  epochKey,
  fieldCipher,
  fromBase64,
  openCommit,
  openEnvelope,
  toBase64,
  unlockVault,
  wipe,
  type SendChainState,
} from '../../crypto';
import type {
  BoxSecretKey,
  ChannelKey,
  DeviceIdentity,
  EpochKey,
  FieldCipher,
  OpenedEnvelope,
  StoredIdentity,
  VaultKey,
  WrappedVaultKey,
} from '../../crypto/types';
import { startAedes, type AedesTestBroker, type BrokerMessage } from '../support/brokers';
import { markWithText, pair, startTogether, twoLeaders, type Leader, type TwoLeaders } from '../support/coleaders';
import { PASSPHRASE, openView } from '../support/panel';

const tag = Math.random().toString(36).slice(2, 7);
const GROUP = `Monday circle ${tag}`;
const MEMBER = `Avery Lind${tag}`;
const TEXT = { a: `named the anger ${tag}`, b: `long pause after ${tag}` };

interface KeyState {
  channel: ChannelRecord;
  me: DeviceIdentity;
  /** The channel's sealed replay row: windows, receive chains (chain:device:epoch) and sending chains (send:epoch). */
  chains: Record<string, string>;
}

/** The sealed rows a thief copies from the profile: the wrapped vault key, the channel records and the identity. */
function rawRows(p: Page) {
  return p.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('squircle');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = (table: string) =>
      new Promise<{ id: string; v: number; body?: Uint8Array; wrapped?: unknown }[]>((resolve, reject) => {
        const req = db.transaction(table).objectStore(table).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const b64 = (u: Uint8Array) => btoa(String.fromCharCode(...u));
    const rows = async (table: string) => (await all(table)).map((r) => ({ id: r.id, v: r.v, body: b64(r.body!) }));
    const out = {
      vault: (await all('vault'))[0]!.wrapped,
      channels: await rows('channels'),
      replay: (await all('replay')).filter((r) => r.body).map((r) => ({ id: r.id, v: r.v, body: b64(r.body!) })),
      identity: [] as unknown[],
    };
    out.identity = (await rows('identity')).filter((r) => r.id === 'me');
    db.close();
    return out;
  });
}

describe('forward secrecy: a device’s key state after a session opens nothing of it', () => {
  let two: TwoLeaders<AedesTestBroker>;
  let a: Leader;
  let b: Leader;
  let cipher: FieldCipher;
  let vaultKey: VaultKey | undefined;

  /** A's key state as stored now, opened with the passphrase. */
  async function keyState(): Promise<KeyState> {
    const rows = await rawRows(a.panel);
    if (!vaultKey) {
      vaultKey = await unlockVault(PASSPHRASE, rows.vault as WrappedVaultKey);
      cipher = fieldCipher(vaultKey);
    }
    const [row] = rows.channels;
    const channel = JSON.parse(
      cipher.open(fromBase64(row!.body), { table: 'channels', id: row!.id, v: row!.v }),
    ) as ChannelRecord;
    const id = rows.identity[0] as { id: string; v: number; body: string };
    const me = deserializeIdentity(
      JSON.parse(cipher.open(fromBase64(id.body), { table: 'identity', id: id.id, v: id.v })) as StoredIdentity,
    );
    const replay = rows.replay.find((r) => r.id === channel.channelId);
    const chains = replay
      ? (JSON.parse(cipher.open(fromBase64(replay.body), { table: 'replay', id: replay.id, v: replay.v })) as Record<
          string,
          string
        >)
      : {};
    return { channel, me, chains };
  }

  /** Every envelope of `messages` that opens with the keys of `s`: the current and older epochs, and the first. */
  function opens(s: KeyState, messages: readonly BrokerMessage[]): OpenedEnvelope[] {
    const c = s.channel;
    const keys: [number, EpochKey][] = [
      ...(c.epochs ?? []).map((e): [number, EpochKey] => [e.n, fromBase64(e.key) as EpochKey]),
      [FIRST_EPOCH, epochKey(fromBase64(c.channelKey) as ChannelKey, FIRST_EPOCH)],
    ];
    const members = new Map(c.members.map((m) => [m.deviceId, m]));
    // Each envelope is tried against the chains as stored: reading one uses nothing up for the next.
    const messageKey = (sender: string, epoch: number, counter: number) => {
      if (epoch === FIRST_EPOCH) return controlMessageKey(keys.at(-1)![1], sender, counter);
      const send = s.chains[`send:${epoch}`];
      const chain =
        sender === s.me.deviceId
          ? send && { v: 1, ...(JSON.parse(send) as SendChainState), skipped: {}, size: DEFAULT_REPLAY_WINDOW }
          : s.chains[`chain:${sender}:${epoch}`] && JSON.parse(s.chains[`chain:${sender}:${epoch}`]!);
      return chain ? ReceiveChain.fromJSON(chain).take(counter) : undefined;
    };
    const out: OpenedEnvelope[] = [];
    for (const m of messages) {
      if (!m.topic.startsWith('sq/v1/c/')) continue;
      try {
        out.push(
          openEnvelope(new Uint8Array(m.payload), {
            channelId: c.channelId,
            members,
            epochKeys: () => keys,
            messageKey,
          }),
        );
      } catch (e) {
        if (!(e instanceof EnvelopeError)) throw e;
      }
    }
    return out;
  }

  const eventsOf = (opened: OpenedEnvelope[]): ChannelEvent[] =>
    opened.filter((o) => o.type === 'events' && o.parts === 1).flatMap((o) => parseEvents(o.payload) ?? []);

  beforeAll(async () => {
    two = await twoLeaders(startAedes);
    ({ a, b } = two);
    await pair(a, b, GROUP, [MEMBER]);
  });
  afterAll(async () => {
    if (vaultKey) wipe(vaultKey);
    await two?.close();
  });

  test('A’s key state opens B’s marker only until A took it, and nothing of the session once it ended', async () => {
    // From before the session starts, so the commit that opens its epoch is in the capture too.
    const from = two.capture.messages.length;
    const beforeStart = (await keyState()).channel.epochs?.at(-1)?.n ?? FIRST_EPOCH;
    await startTogether(a, b, GROUP);
    // The session's epoch as A holds it before either marker: its chains stand before them.
    let begun = await keyState();
    await expect
      .poll(
        async () => {
          begun = await keyState();
          return (begun.channel.epochs?.at(-1)?.n ?? FIRST_EPOCH) > beforeStart;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);
    const sessionEpoch = begun.channel.epochs!.at(-1)!.n;
    const made = { a: await markWithText(a.panel, TEXT.a), b: await markWithText(b.panel, TEXT.b) };
    // Each marker's text is an edit made after the marker, sent after it: wait for the text on the other side.
    await a.panel
      .locator(`ul.markers > li[data-marker-id="${made.b}"]`)
      .filter({ hasText: TEXT.b })
      .waitFor({ timeout: 30_000 });
    await b.panel
      .locator(`ul.markers > li[data-marker-id="${made.a}"]`)
      .filter({ hasText: TEXT.a })
      .waitFor({ timeout: 30_000 });
    const markerTexts = (state: KeyState, messages: readonly BrokerMessage[]) =>
      eventsOf(opens(state, messages).filter((o) => o.epoch === sessionEpoch)).flatMap((e) =>
        e.t === 'marker' ? [e.text] : [],
      );
    // Within the epoch: A's receive chain for B as it stood when the epoch began opens B's marker (the check
    // below can fail); once A took it, A's stored state (written within a second) opens it no more. A's own
    // marker never opens with A's stored state: its sending chain is stored only past the keys it hands out.
    // The capture is another client of the broker: it may hold the text's envelope a moment after A shows it.
    let sofar = two.capture.messages.slice(from);
    await expect
      .poll(() => markerTexts(begun, (sofar = two.capture.messages.slice(from))), { timeout: 10_000, interval: 200 })
      .toContain(TEXT.b);
    await expect
      .poll(async () => markerTexts(await keyState(), sofar), { timeout: 10_000, interval: 500 })
      .not.toContain(TEXT.b);
    expect(markerTexts(await keyState(), sofar)).not.toContain(TEXT.a);
    const during = await keyState();
    expect(during.channel.epochs!.at(-1)!.n).toBe(sessionEpoch);

    await a.panel.click('button:has-text("End…")');
    await a.panel.click('button:has-text("End session")');
    await b.panel.waitForSelector('#start-owner', { timeout: 30_000 });
    const session = two.capture.messages.slice(from);

    // What the capture holds of the session opens with the keys A held when it began: the check below can fail.
    expect(markerTexts(begun, session)).toContain(TEXT.b);

    // The session's end opens a new epoch; the session's epoch key is erased once B was heard in the new one.
    let after = await keyState();
    await expect
      .poll(
        async () => {
          after = await keyState();
          return (after.channel.epochs ?? []).map((e) => e.n);
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toEqual([expect.any(Number)]);
    expect(after.channel.epochs![0]!.n).toBeGreaterThan(sessionEpoch);

    const opened = opens(after, session);
    // Only the first epoch's upkeep opens: hellos, commits and prekeys, nothing of the session.
    expect(opened.filter((o) => o.epoch !== FIRST_EPOCH)).toEqual([]);
    const upkeep = eventsOf(opened);
    expect([...new Set(upkeep.map((e) => e.t))].filter((t) => t !== 'commit' && t !== 'prekey')).toEqual([]);
    expect(opened.every((o) => o.type !== 'events' || o.parts === 1)).toBe(true);
    // No commit up to the session's epoch that gave A a slot opens with the prekey secrets and identity key A
    // holds now (the commits A opened itself have no slot for A: their secrets were only in A's erased epochs).
    expect(upkeep.some((e) => e.t === 'commit')).toBe(true);
    const held = new Map((after.channel.prekeySecrets ?? []).map((p) => [p.pk, fromBase64(p.sk) as BoxSecretKey]));
    const myBoxPk = toBase64(after.me.box.publicKey);
    const commits = upkeep.flatMap((e) =>
      e.t === 'commit' && e.commit.epoch <= sessionEpoch && e.commit.slots.some((s) => s.d === after.me.deviceId)
        ? [e.commit]
        : [],
    );
    for (const commit of commits) {
      const opener = after.channel.members.find((m) => m.deviceId === commit.by)!;
      const refused = (() => {
        try {
          openCommit(commit, {
            channelId: after.channel.channelId,
            opener,
            me: after.me,
            secretFor: (pk) => held.get(pk) ?? (pk === myBoxPk ? after.me.box.secretKey : undefined),
          });
          return 'opened';
        } catch (e) {
          return e instanceof CommitError ? e.reason : 'error';
        }
      })();
      expect(refused).toBe('no-slot');
    }
    await openView(a.panel, 'Session');
  });
});
