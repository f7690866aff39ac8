import { takeSendKeys, type SendChainState } from '../crypto/ratchet';
import { onTableChanged } from './table-changes';
import type { SavedBrokerAccount } from '../channel/broker-accounts';
import type { ChannelRecord, InviteRecord } from '../channel/state';
import type { FieldCipher, StoredIdentity } from '../crypto/types';
import type { DiagnosticRow, OutboxRow, SealedRow, SquircleDb } from './db';

const ME = 'me';

/** What ChannelRepo.putChannel changes in the chains beside a channel record. */
export interface EpochChains {
  /** An epoch opened here: this device's sending chain and each other member's receive chain (JSON) by device id. */
  start?: { epoch: number; send: SendChainState; receive: Record<string, string> };
  /** Epochs erased: their chains, windows and sending chain go. */
  erase?: number[];
}
const BROKER_ACCOUNTS = 'broker-accounts';

/** What each kind of sealed record holds. */
interface Sealed {
  /** identity/'me' */
  identity: StoredIdentity;
  /** identity/'broker-accounts' */
  brokerAccounts: SavedBrokerAccount[];
  channel: ChannelRecord;
  invite: InviteRecord;
  /**
   * replay/<channelId>: each sender's replay window (ReplayWindow's JSON) by
   * `${deviceId}:${epoch}`, its receive chain (ReceiveChain's JSON) by
   * `chain:${deviceId}:${epoch}`, and this device's sending chain
   * (SendChainState's JSON) by `send:${epoch}`.
   */
  replay: Record<string, string>;
}

/** The table each kind is kept in; the row id tells the two kinds in `identity` apart. */
const TABLE: { readonly [K in keyof Sealed]: 'identity' | 'channels' | 'invites' | 'replay' } = {
  identity: 'identity',
  brokerAccounts: 'identity',
  channel: 'channels',
  invite: 'invites',
  replay: 'replay',
};

/**
 * The co-leader channel's state at rest. Identity and channel records are
 * sealed JSON (they hold private and channel keys), and so are the replay
 * windows (they name the co-leaders' devices and count what each sent);
 * counters, the outbox of already-encrypted envelopes and rejection counts
 * hold no clinical text and stay in the clear. Throws FieldOpenError on a sealed
 * row that does not open.
 */
export class ChannelRepo {
  constructor(
    protected readonly db: SquircleDb,
    private readonly cipher: FieldCipher,
    private readonly now: () => number = Date.now,
  ) {}

  private seal<K extends keyof Sealed>(kind: K, id: string, value: Sealed[K]): Uint8Array {
    return this.cipher.seal(JSON.stringify(value), { table: TABLE[kind], id, v: 1 });
  }

  protected open<K extends keyof Sealed>(kind: K, row: SealedRow): Sealed[K] {
    // The one cast in this file: JSON.parse returns `any`. The body opened under the
    // vault key with its table, id and version bound in, so it is what
    // `seal` wrote for this kind; its fields are not checked again here (as in
    // sealed-table.ts). The identity is checked where it is rebuilt
    // (deserializeIdentity, channel/state.ts). Protected for
    // test/fixtures/db/records.ts, which reads an invite by its id.
    return JSON.parse(this.cipher.open(row.body, { table: TABLE[kind], id: row.id, v: row.v })) as Sealed[K];
  }

  /** This device's identity as stored; channel/state.ts myIdentity rebuilds and checks it. */
  async identity(): Promise<StoredIdentity | undefined> {
    const row = await this.db.identity.get(ME);
    return row ? this.open('identity', row) : undefined;
  }

  async putIdentity(value: StoredIdentity): Promise<void> {
    await this.db.identity.put({ id: ME, v: 1, updatedAt: this.now(), body: this.seal('identity', ME, value) });
  }

  /**
   * Broker accounts this device signs in with: one sealed row beside the
   * identity, so not even the brokers' names are in the clear.
   */
  async brokerAccounts(): Promise<SavedBrokerAccount[]> {
    const row = await this.db.identity.get(BROKER_ACCOUNTS);
    return row ? this.open('brokerAccounts', row) : [];
  }

  /** Saves `value` as the account for its host, in place of any other for that host. */
  async putBrokerAccount(value: SavedBrokerAccount): Promise<void> {
    await this.db.transaction('rw', this.db.identity, async () => {
      const others = (await this.brokerAccounts()).filter((a) => a.host !== value.host);
      await this.putBrokerAccounts([...others, value]);
    });
  }

  async forgetBrokerAccount(host: string): Promise<void> {
    await this.db.transaction('rw', this.db.identity, async () => {
      await this.putBrokerAccounts((await this.brokerAccounts()).filter((a) => a.host !== host));
    });
  }

  private async putBrokerAccounts(accounts: SavedBrokerAccount[]): Promise<void> {
    await this.db.identity.put({
      id: BROKER_ACCOUNTS,
      v: 1,
      updatedAt: this.now(),
      body: this.seal('brokerAccounts', BROKER_ACCOUNTS, accounts),
    });
  }

  async channels(): Promise<ChannelRecord[]> {
    return (await this.db.channels.toArray()).map((r) => this.open('channel', r));
  }

  async channel(id: string): Promise<ChannelRecord | undefined> {
    const row = await this.db.channels.get(id);
    return row ? this.open('channel', row) : undefined;
  }

  /** Calls `cb` after any committed change to a channel record, here or in another page. */
  onChannelsChanged(cb: () => void): () => void {
    return onTableChanged(this.db, 'channels', cb);
  }

  /** Calls `cb` after any committed change to the sessions or to which one runs (meta), here or in another page. */
  onSessionsChanged(cb: () => void): () => void {
    const stops = [onTableChanged(this.db, 'sessions', cb), onTableChanged(this.db, 'meta', cb)];
    return () => stops.forEach((s) => s());
  }

  async channelForGroup(groupId: string): Promise<ChannelRecord | undefined> {
    const row = await this.db.channels.where('groupId').equals(groupId).first();
    return row ? this.open('channel', row) : undefined;
  }

  /**
   * `id` and `groupId` are the record's own: the row's key and its index.
   * With `epochs`, in the same transaction: an epoch's chains start (its
   * windows start empty) and erased epochs' chains and windows go.
   */
  async putChannel(id: string, groupId: string, value: ChannelRecord, epochs?: EpochChains): Promise<void> {
    const put = () =>
      this.db.channels.put({ id, groupId, v: 1, updatedAt: this.now(), body: this.seal('channel', id, value) });
    if (!epochs) return void (await put());
    await this.db.transaction('rw', this.db.channels, this.db.replay, async () => {
      await put();
      await this.editReplay(id, (all) => {
        const gone = new Set([...(epochs.erase ?? []), ...(epochs.start ? [epochs.start.epoch] : [])]);
        for (const k of Object.keys(all)) if (gone.has(Number(k.slice(k.lastIndexOf(':') + 1)))) delete all[k];
        const start = epochs.start;
        if (!start) return;
        all[`send:${start.epoch}`] = JSON.stringify(start.send);
        for (const [deviceId, chain] of Object.entries(start.receive)) all[`chain:${deviceId}:${start.epoch}`] = chain;
      });
    });
  }

  /**
   * The next `n` counters of this device's sending chain in `epoch`, and
   * their message keys, in one transaction: the chain moves past them
   * whichever page asks, and the keys are only in the caller's memory.
   * Throws Error when this device holds no sending chain for the epoch.
   */
  async takeMessageKeys(channelId: string, epoch: number, n: number): Promise<{ first: number; keys: Uint8Array[] }> {
    return this.db.transaction('rw', this.db.replay, async () => {
      let taken: { first: number; keys: Uint8Array[] } | undefined;
      await this.editReplay(channelId, (all) => {
        const stored = all[`send:${epoch}`];
        if (!stored) return;
        const { first, keys, state } = takeSendKeys(JSON.parse(stored) as SendChainState, n);
        all[`send:${epoch}`] = JSON.stringify(state);
        taken = { first, keys };
      });
      if (!taken) throw new Error(`This device holds no sending chain for epoch ${epoch}.`);
      return taken;
    });
  }

  /** One sender's receive chain in one epoch as stored (ReceiveChain's JSON), if any. */
  async receiveChain(channelId: string, deviceId: string, epoch: number): Promise<string | undefined> {
    const sealed = await this.db.replay.get(channelId);
    return sealed?.body ? this.open('replay', sealed as SealedRow)[`chain:${deviceId}:${epoch}`] : undefined;
  }

  /** Opens the channel's sealed replay row, lets `edit` change it, and seals it again; inside a transaction. */
  private async editReplay(channelId: string, edit: (all: Record<string, string>) => void): Promise<void> {
    const row = await this.db.replay.get(channelId);
    const all = row?.body ? this.open('replay', row as SealedRow) : {};
    edit(all);
    await this.db.replay.put({ id: channelId, v: 1, updatedAt: this.now(), body: this.seal('replay', channelId, all) });
  }

  /** Invites are few: each is opened to find its channel. */
  async invitesFor(channelId: string): Promise<InviteRecord[]> {
    return (await this.db.invites.toArray())
      .map((r) => this.open('invite', r))
      .filter((i) => i.channelId === channelId);
  }

  async putInvite(id: string, value: InviteRecord): Promise<void> {
    await this.db.invites.put({ id, v: 1, updatedAt: this.now(), body: this.seal('invite', id, value) });
  }

  /**
   * Takes the next `n` counters for this device on the channel, in one
   * transaction: never the same counter twice, whichever context asks.
   * Returns the epoch and the first; a counter taken and never used is a
   * gap the co-leader's replay window allows.
   */
  async takeCounters(channelId: string, n: number): Promise<{ epoch: number; first: number }> {
    return this.db.transaction('rw', this.db.channelCounters, async () => {
      const c = (await this.db.channelCounters.get(channelId)) ?? { id: channelId, epoch: 1, counter: 0 };
      await this.db.channelCounters.put({ ...c, counter: c.counter + n });
      return { epoch: c.epoch, first: c.counter + 1 };
    });
  }

  /**
   * Queues sealed envelopes, in this order, in one transaction; returns
   * their outbox seqs. `keys[i]`, when given, is envelope i's wrapped
   * message key (wrapOutboxKey), kept until the row leaves the outbox.
   */
  async queue(
    channelId: string,
    topic: string,
    envelopes: Uint8Array[],
    keys?: readonly (Uint8Array | undefined)[],
  ): Promise<number[]> {
    const createdAt = this.now();
    return this.db.outbox.bulkAdd(
      envelopes.map((envelope, i) => {
        const mk = keys?.[i];
        return { channelId, topic, envelope, createdAt, ...(mk ? { mk } : {}) };
      }),
      { allKeys: true },
    );
  }

  outbox(channelId: string): Promise<OutboxRow[]> {
    return this.db.outbox.where('channelId').equals(channelId).sortBy('seq');
  }

  outboxSize(channelId: string): Promise<number> {
    return this.db.outbox.where('channelId').equals(channelId).count();
  }

  async sent(seq: number): Promise<void> {
    await this.db.outbox.delete(seq);
  }

  async sentMany(seqs: number[]): Promise<void> {
    await this.db.outbox.bulkDelete(seqs);
  }

  async replayWindow(channelId: string, deviceId: string, epoch: number): Promise<string | undefined> {
    const key = `${deviceId}:${epoch}`;
    const sealed = await this.db.replay.get(channelId);
    const windows = sealed?.body ? this.open('replay', sealed as SealedRow) : {};
    return windows[key] ?? (await this.db.replay.get(`${channelId}:${key}`))?.window;
  }

  /**
   * Several senders' windows (and receive chains, where given) in one
   * transaction, into the channel's sealed row; rows in the clear for them
   * go. A chain of an epoch no longer in the row (erased) is not put back.
   */
  async putReplayWindows(
    channelId: string,
    windows: { deviceId: string; epoch: number; window: string; chain?: string }[],
  ): Promise<void> {
    await this.db.transaction('rw', this.db.replay, async () => {
      await this.editReplay(channelId, (all) => {
        for (const w of windows) {
          all[`${w.deviceId}:${w.epoch}`] = w.window;
          const at = `chain:${w.deviceId}:${w.epoch}`;
          if (w.chain !== undefined && at in all) all[at] = w.chain;
        }
      });
      await this.db.replay.bulkDelete(windows.map((w) => `${channelId}:${w.deviceId}:${w.epoch}`));
    });
  }

  /** Counts a rejected envelope by reason; nothing of its content is kept. */
  async reject(channelId: string, reason: string): Promise<void> {
    const id = `${channelId}:${reason}`;
    await this.db.transaction('rw', this.db.diagnostics, async () => {
      const row = await this.db.diagnostics.get(id);
      await this.db.diagnostics.put({ id, count: (row?.count ?? 0) + 1, lastAt: this.now() });
    });
  }

  async diagnostics(channelId: string): Promise<DiagnosticRow[]> {
    return (await this.db.diagnostics.toArray()).filter((r) => r.id.startsWith(`${channelId}:`));
  }
}
