import { onTableChanged } from './table-changes';
import type { FieldCipher } from '../crypto/types';
import type { DiagnosticRow, OutboxRow, SquircleDb } from './db';

const BROKER_ACCOUNTS = 'broker-accounts';

/**
 * The co-leader channel's state at rest. Identity and channel records are
 * sealed JSON (they hold private and channel keys); counters, the outbox of
 * already-encrypted envelopes, replay windows and rejection counts hold no
 * clinical text and stay in the clear. Throws FieldOpenError on a sealed
 * row that does not open.
 */
export class ChannelRepo {
  constructor(
    private readonly db: SquircleDb,
    private readonly cipher: FieldCipher,
    private readonly now: () => number = Date.now,
  ) {}

  private seal(table: 'identity' | 'channels' | 'invites', id: string, value: unknown): Uint8Array {
    return this.cipher.seal(JSON.stringify(value), { table, id, v: 1 });
  }

  private open<T>(table: 'identity' | 'channels' | 'invites', row: { id: string; v: number; body: Uint8Array }): T {
    return JSON.parse(this.cipher.open(row.body, { table, id: row.id, v: row.v })) as T;
  }

  async identity<T>(): Promise<T | undefined> {
    const row = await this.db.identity.get('me');
    return row ? this.open<T>('identity', row) : undefined;
  }

  async putIdentity(value: unknown): Promise<void> {
    await this.db.identity.put({ id: 'me', v: 1, updatedAt: this.now(), body: this.seal('identity', 'me', value) });
  }

  /**
   * Broker accounts this device signs in with: one sealed row beside the
   * identity, so not even the brokers' names are in the clear.
   */
  async brokerAccounts<T extends { host: string }>(): Promise<T[]> {
    const row = await this.db.identity.get(BROKER_ACCOUNTS);
    return row ? this.open<T[]>('identity', row) : [];
  }

  /** Saves `value` as the account for its host, in place of any other for that host. */
  async putBrokerAccount<T extends { host: string }>(value: T): Promise<void> {
    await this.db.transaction('rw', this.db.identity, async () => {
      const others = (await this.brokerAccounts<T>()).filter((a) => a.host !== value.host);
      await this.putBrokerAccounts([...others, value]);
    });
  }

  async forgetBrokerAccount(host: string): Promise<void> {
    await this.db.transaction('rw', this.db.identity, async () => {
      await this.putBrokerAccounts((await this.brokerAccounts()).filter((a) => a.host !== host));
    });
  }

  private async putBrokerAccounts(accounts: { host: string }[]): Promise<void> {
    await this.db.identity.put({
      id: BROKER_ACCOUNTS,
      v: 1,
      updatedAt: this.now(),
      body: this.seal('identity', BROKER_ACCOUNTS, accounts),
    });
  }

  async channels<T>(): Promise<T[]> {
    return (await this.db.channels.toArray()).map((r) => this.open<T>('channels', r));
  }

  async channel<T>(id: string): Promise<T | undefined> {
    const row = await this.db.channels.get(id);
    return row ? this.open<T>('channels', row) : undefined;
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

  async channelForGroup<T>(groupId: string): Promise<T | undefined> {
    const row = await this.db.channels.where('groupId').equals(groupId).first();
    return row ? this.open<T>('channels', row) : undefined;
  }

  async putChannel(id: string, groupId: string, value: unknown): Promise<void> {
    await this.db.channels.put({ id, groupId, v: 1, updatedAt: this.now(), body: this.seal('channels', id, value) });
  }

  async invite<T>(id: string): Promise<T | undefined> {
    const row = await this.db.invites.get(id);
    return row ? this.open<T>('invites', row) : undefined;
  }

  /** Invites are few: each is opened to find its channel. */
  async invitesFor<T extends { channelId: string }>(channelId: string): Promise<T[]> {
    return (await this.db.invites.toArray())
      .map((r) => this.open<T>('invites', r))
      .filter((i) => i.channelId === channelId);
  }

  async putInvite(id: string, value: unknown): Promise<void> {
    await this.db.invites.put({ id, v: 1, updatedAt: this.now(), body: this.seal('invites', id, value) });
  }

  /**
   * Takes the next counter and queues the envelope built with it, in one
   * transaction: the panel and the background may both be sending, and a
   * counter must never be used twice.
   */
  async enqueue(
    channelId: string,
    topic: string,
    build: (epoch: number, counter: number) => Uint8Array,
  ): Promise<void> {
    await this.db.transaction('rw', this.db.channelCounters, this.db.outbox, async () => {
      const c = (await this.db.channelCounters.get(channelId)) ?? { id: channelId, epoch: 1, counter: 0 };
      const next = { ...c, counter: c.counter + 1 };
      await this.db.channelCounters.put(next);
      await this.db.outbox.add({ channelId, topic, envelope: build(next.epoch, next.counter), createdAt: this.now() });
    });
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

  /** Queues sealed envelopes, in this order, in one transaction; returns their outbox seqs. */
  async queue(channelId: string, topic: string, envelopes: Uint8Array[]): Promise<number[]> {
    const createdAt = this.now();
    return this.db.outbox.bulkAdd(
      envelopes.map((envelope) => ({ channelId, topic, envelope, createdAt })),
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
    return (await this.db.replay.get(`${channelId}:${deviceId}:${epoch}`))?.window;
  }

  async putReplayWindow(channelId: string, deviceId: string, epoch: number, window: string): Promise<void> {
    await this.putReplayWindows(channelId, [{ deviceId, epoch, window }]);
  }

  /** Several senders' windows in one transaction. */
  async putReplayWindows(
    channelId: string,
    windows: { deviceId: string; epoch: number; window: string }[],
  ): Promise<void> {
    await this.db.replay.bulkPut(
      windows.map((w) => ({ id: `${channelId}:${w.deviceId}:${w.epoch}`, window: w.window })),
    );
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
