import {
  byRange,
  compareHave,
  digestHash,
  haveList,
  inRanges,
  itemsOf,
  membersHash,
  rangeHashes,
  wanted,
  type Items,
} from './digest';
import type { ChannelEvent, DigestEvent, HaveEvent, RangesEvent, WantEvent } from './events';
import { MAX_DIGEST_ITEMS } from './events';

export interface AntiEntropyDeps {
  /** This device's id: have and want events addressed elsewhere are ignored. */
  me(): string;
  /** Sessions of the channel's group this device has open. */
  openSessions(): Promise<string[]>;
  /** What this device holds of a session of the channel's group ([] for any other session). */
  snapshot(sessionId: string): Promise<ChannelEvent[]>;
  /** The member identities this device pins. */
  members(): { deviceId: string; signPk: string; boxPk: string }[];
  /** The member list as the inviter announces it; undefined on a device that is not the inviter. */
  membersEvent(): ChannelEvent | undefined;
  emit(events: ChannelEvent[]): Promise<void>;
  now(): number;
}

/** A burst counts as over after this long without a change. */
export const QUIET_MS = 1_500;
/** While changes keep coming, a digest still goes out this often. */
const BUSY_MAX_MS = 10_000;
/** The same disagreement (same two digests) is answered at most twice, the second time after this long. */
const ANSWER_AGAIN_MS = 60_000;
const MEMO_MAX = 500;
const DIGESTED_MAX = 8;
/**
 * With three or more leaders, a side that missed something hears a digest
 * from each of the others, and each would send the missing items. One have
 * per state of ours is enough: the first answer fixes us, and if it does
 * not, our state is still the same after this long and the next digest is
 * answered.
 */
const HAVE_SPACING_MS = 5_000;

/**
 * Anti-entropy for the co-leader channel. The broker may lose a message it
 * acknowledged (Aedes under a burst, moscajs/aedes#955); the replay window
 * cannot see a gap that was never delivered, so without this the loss
 * lasted until the next reconnect's resync. Here each side, once a burst
 * goes quiet and with every heartbeat, sends a digest per open session. A
 * side whose own digest differs answers with its item list (have); the
 * digest's sender then sends what the other lacks and asks (want) for what
 * it lacks itself. A session with more items than one have carries is
 * answered with a hash per range of item keys instead (ranges); the
 * digest's sender answers with a have for the ranges that differ only, and
 * the comparison goes on within them, so a gap costs what differs, not the
 * whole session. Data events never cause an answer, a have, ranges or want is
 * answered once, and the same disagreement is answered at most twice, so
 * two sides that cannot agree (an event one of them refuses by its mode)
 * never answer each other forever. When digests match, nothing but the
 * digest travels.
 */
export class AntiEntropy {
  private changedAt: number | undefined;
  /** When a co-leader's change was last applied here. */
  private receivedAt = 0;
  /** When a change made here was last sent. */
  private sentAt = 0;
  /** When the current spell of changes sent or applied here began. */
  private busySince = 0;
  /** A differing digest was heard while changes were still arriving: send ours once quiet, even if unchanged. */
  private owed = false;
  private lastDigestAt = 0;
  private readonly lastSent = new Map<string, string>();
  private readonly answered = new Map<string, { times: number; at: number }>();
  private readonly lastHave = new Map<string, { hash: string; at: number; to: string }>();
  private readonly wantedAt = new Map<string, number>();
  /** What each recent digest of ours covered, by session and hash, for comparing the answers to it. */
  private readonly digested = new Map<string, Items>();

  constructor(private readonly d: AntiEntropyDeps) {}

  /** Something changed here or was sent: a digest follows once things are quiet. */
  poke(): void {
    this.changedAt = this.d.now();
  }

  /**
   * A change made here is being sent: until it has had time to arrive, a
   * co-leader's digest that lacks it shows no gap.
   */
  sending(): void {
    this.sentAt = this.busy();
    this.poke();
  }

  /** A co-leader's change was applied here: more may be on the way. */
  applied(): void {
    this.receivedAt = this.busy();
    this.poke();
  }

  /** Called often while connected; sends digests after a quiet spell or a long burst. */
  async tick(): Promise<void> {
    if (this.changedAt === undefined) return;
    const now = this.d.now();
    if (now - this.changedAt < QUIET_MS && now - this.lastDigestAt < BUSY_MAX_MS) return;
    this.changedAt = undefined;
    const digests = await this.digests(!this.owed);
    this.owed = false;
    if (digests.length) await this.d.emit(digests);
  }

  /**
   * The heartbeat's digests. None while changes are still coming: one taken
   * mid-burst only makes the others compare against a state that is already
   * gone. Every open session's digest then follows once quiet (tick), even
   * one unchanged since the last, which may have been lost.
   */
  async beat(): Promise<DigestEvent[]> {
    if (this.changedAt === undefined) return this.digests();
    this.owed = true;
    return [];
  }

  /**
   * Digests for the open sessions. `onlyChanged` leaves out a session whose
   * digest is the one sent last (sending a digest is itself a change).
   */
  async digests(onlyChanged = false): Promise<DigestEvent[]> {
    const out: DigestEvent[] = [];
    const members = await membersHash(this.d.members());
    for (const sessionId of await this.d.openSessions()) {
      const items = await this.items(sessionId);
      const hash = await digestHash(items);
      const key = `${hash}:${members}`;
      if (onlyChanged && this.lastSent.get(sessionId) === key) continue;
      this.lastSent.set(sessionId, key);
      this.digested.set(`${sessionId}|${hash}`, items);
      if (this.digested.size > DIGESTED_MAX) this.digested.delete(this.digested.keys().next().value!);
      out.push({ t: 'digest', sessionId, hash, n: items.size, members });
    }
    if (out.length) this.lastDigestAt = this.d.now();
    return out;
  }

  /** A co-leader's digest, have, ranges or want. */
  async receive(sender: string, e: DigestEvent | HaveEvent | RangesEvent | WantEvent): Promise<void> {
    if (e.t === 'digest') return this.digest(sender, e);
    if (e.to !== this.d.me()) return;
    const items = await this.items(e.sessionId);
    if (e.t === 'want') {
      const events = wanted(items, e.keys);
      if (events.length) await this.d.emit(events);
      return;
    }
    // What we held when we sent the digest this answers: anything we made
    // since may still be on its way to them and is not theirs to lack yet.
    const then = this.digested.get(`${e.sessionId}|${e.re}`);
    if (e.t === 'ranges') return this.ranges(sender, e, then ? current(then, items) : items);
    // A have for some ranges only: what lies outside them is not compared.
    const scope = e.ranges;
    const scoped = (x: Items) => (scope ? inRanges(x, scope) : x);
    const { send } = await compareHave(scoped(then ? current(then, items) : items), e.items);
    const { want: missing } = await compareHave(scoped(items), e.items);
    // A have for some ranges answers the ranges we sent: what it shows we lack is asked for even so.
    const want = await this.notAskedYet(sender, e.sessionId, items, missing, !!scope);
    const out: ChannelEvent[] = [...send];
    for (let i = 0; i < want.length; i += MAX_DIGEST_ITEMS)
      out.push({ t: 'want', to: sender, sessionId: e.sessionId, keys: want.slice(i, i + MAX_DIGEST_ITEMS) });
    if (out.length) await this.d.emit(out);
  }

  private async digest(sender: string, e: DigestEvent): Promise<void> {
    const out: ChannelEvent[] = [];
    const announce = this.d.membersEvent();
    if (announce) {
      const mine = await membersHash(this.d.members());
      if (mine !== e.members && this.mayAnswer(`${sender}|members|${e.members}|${mine}`)) out.push(announce);
    }
    const items = await this.items(e.sessionId);
    const hash = await digestHash(items);
    if (hash === e.hash) return this.emitAll(out);
    // Still taking in or sending a burst: what seems missing, here or
    // there, is most likely on its way. Answer with our own digest once
    // quiet instead; the other side then compares, and answers if something
    // really is missing. Not for longer than BUSY_MAX_MS, though: while a
    // leader keeps typing (a note saves every second) every side is busy,
    // and a real gap would wait for the whole group to go quiet.
    const now = this.d.now();
    if ((now - this.receivedAt < QUIET_MS || now - this.sentAt < QUIET_MS) && now - this.busySince < BUSY_MAX_MS) {
      this.owed = true;
      this.changedAt ??= this.d.now();
      return this.emitAll(out);
    }
    const told = this.lastHave.get(e.sessionId);
    // Told another side already in this state; the same side with a new digest is answered.
    const toldAlready = told?.hash === hash && told.to !== sender && this.d.now() - told.at < HAVE_SPACING_MS;
    if (!toldAlready && this.mayAnswer(`${sender}|${e.sessionId}|${e.hash}|${hash}`)) {
      this.lastHave.set(e.sessionId, { hash, at: this.d.now(), to: sender });
      const list = await haveList(items);
      // Too many items for one have event: a hash per range, and the digest's sender says which ranges differ.
      if (list === undefined)
        out.push({ t: 'ranges', to: sender, sessionId: e.sessionId, re: e.hash, hashes: await rangeHashes(items) });
      else out.push({ t: 'have', to: sender, sessionId: e.sessionId, re: e.hash, items: list });
    }
    return this.emitAll(out);
  }

  /**
   * A co-leader's hash per range, answering our digest: a have for each
   * run of differing ranges that fits one (our keys and tags in them, as
   * held when we sent the digest), and the events of a range too large for
   * one have as they are. Nothing when every range matches.
   */
  private async ranges(sender: string, e: RangesEvent, items: Items): Promise<void> {
    const mine = await rangeHashes(items);
    const ranges = byRange(items);
    const re = await digestHash(items);
    const out: ChannelEvent[] = [];
    let batch: { ranges: number[]; items: [string, string][] } = { ranges: [], items: [] };
    const flush = () => {
      if (batch.ranges.length)
        out.push({ t: 'have', to: sender, sessionId: e.sessionId, re, items: batch.items, ranges: batch.ranges });
      batch = { ranges: [], items: [] };
    };
    for (let r = 0; r < mine.length; r++) {
      if (mine[r] === e.hashes[r]) continue;
      const list = await haveList(ranges[r]!);
      if (list === undefined) {
        out.push(...[...ranges[r]!.values()].map((v) => v.event));
        continue;
      }
      if (batch.items.length + list.length > MAX_DIGEST_ITEMS) flush();
      batch.ranges.push(r);
      batch.items.push(...list);
    }
    flush();
    // The session event first: a receiver refuses markers of a session it does not have yet.
    out.sort((a, b) => Number(b.t === 'session') - Number(a.t === 'session'));
    return this.emitAll(out);
  }

  private async emitAll(events: ChannelEvent[]): Promise<void> {
    if (events.length) await this.d.emit(events);
  }

  /**
   * When two sides notice the same gap at once (each answered the other's
   * digest), the missing items would come twice. Leave out what a have we
   * sent in this same state, or a want of the last few seconds, already asked for.
   */
  private async notAskedYet(
    sender: string,
    sessionId: string,
    items: Items,
    keys: string[],
    answersOurRanges = false,
  ): Promise<string[]> {
    const now = this.d.now();
    const hash = await digestHash(items);
    const told = this.lastHave.get(sessionId);
    if (!answersOurRanges && told && now - told.at < HAVE_SPACING_MS && told.hash === hash) return [];
    for (const [k, at] of this.wantedAt) if (now - at >= HAVE_SPACING_MS) this.wantedAt.delete(k);
    const fresh = keys.filter((k) => !this.wantedAt.has(`${sessionId}|${k}`));
    for (const k of fresh) this.wantedAt.set(`${sessionId}|${k}`, now);
    // Asking is as good as a have: digests heard in this same state wait for the answer.
    if (fresh.length) this.lastHave.set(sessionId, { hash, at: now, to: sender });
    return fresh;
  }

  /** Notes a change sent or applied now, starting a new busy spell after a quiet one; returns now. */
  private busy(): number {
    const now = this.d.now();
    if (now - Math.max(this.sentAt, this.receivedAt) >= QUIET_MS) this.busySince = now;
    return now;
  }

  private mayAnswer(key: string): boolean {
    const now = this.d.now();
    const had = this.answered.get(key);
    if (had && (had.times >= 2 || now - had.at < ANSWER_AGAIN_MS)) return false;
    this.answered.delete(key);
    this.answered.set(key, { times: (had?.times ?? 0) + 1, at: now });
    if (this.answered.size > MEMO_MAX) this.answered.delete(this.answered.keys().next().value!);
    return true;
  }

  private async items(sessionId: string): Promise<Items> {
    return itemsOf(await this.d.snapshot(sessionId));
  }
}

/** The items held then, each in the version held now. */
function current(then: Items, now: Items): Items {
  const out: Items = new Map();
  for (const [key, v] of then) out.set(key, now.get(key) ?? v);
  return out;
}
