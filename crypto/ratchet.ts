/**
 * The per-sender hash ratchet inside an epoch, in the manner of MLS's
 * secret tree for a flat group and Signal's symmetric-key ratchet.
 *
 * From an epoch key E (crypto/epoch-commit.ts) every member derives, with
 * HKDF-SHA-256 (salt = the channel id):
 *   H     = HKDF(E, info = framed('squircle/header-key/v1', epoch))
 *   CK_m  = HKDF(E, info = framed('squircle/chain/v1', epoch, m))  for each member device m of the epoch
 * H seals the envelope's outer box (sender, counter, type, the signature),
 * so it stays while the epoch is held. Each member's chain steps once per
 * counter (KDF_CK of Signal):
 *   MK_i   = HMAC-SHA-256(CK_i, 0x01)
 *   CK_i+1 = HMAC-SHA-256(CK_i, 0x02)
 * and MK_i seals the chunk of the envelope with counter i (FIRST_COUNTER
 * first). A device keeps only the next chain key of each chain and, on the
 * receiving side, the message keys of counters it skipped that are still
 * inside the replay window; a message key is erased once used, so the
 * state after a message opens neither it nor any earlier one it received.
 * E itself is erased once H and the chains are derived.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import nacl from 'tweetnacl';
import { digest32, framed, u32 } from './bytes';
import { fromBase64, toBase64 } from './encoding';
import { DEFAULT_REPLAY_WINDOW } from './replay';
import { MalformedRecordError, type EpochKey } from './types';
import { fromHex, u53 } from './wire';

const KEY_BYTES = 32;
/** The counter of a chain's first message key. */
export const FIRST_COUNTER = 1;
/** The most steps one envelope may move a receive chain on: a member's far counter cannot burn the processor. */
export const MAX_CHAIN_JUMP = 1 << 16;
const MK = Uint8Array.of(1);
const CK = Uint8Array.of(2);

/** One chain step: this counter's message key and the next chain key. Throws TypeError unless 32 bytes. */
export function chainStep(ck: Uint8Array): { mk: Uint8Array; next: Uint8Array } {
  requireKey(ck);
  return { mk: hmac(sha256, ck, MK), next: hmac(sha256, ck, CK) };
}

/**
 * The header key and every member's first chain key of one epoch. Throws
 * TypeError on a key that is not 32 bytes or a malformed device or channel
 * id, RangeError on an epoch outside u32.
 */
export function ratchetKeys(
  epochKey: Uint8Array,
  channelId: string,
  epoch: number,
  members: readonly string[],
): { header: EpochKey; chains: Map<string, Uint8Array> } {
  requireKey(epochKey);
  const salt = hexId(channelId, 'channel id');
  const header = hkdf(sha256, epochKey, salt, framed('squircle/header-key/v1', u32(epoch)), KEY_BYTES) as EpochKey;
  const chains = new Map(
    members.map((m) => [
      m,
      hkdf(sha256, epochKey, salt, framed('squircle/chain/v1', u32(epoch), hexId(m, 'device id')), KEY_BYTES),
    ]),
  );
  return { header, chains };
}

/**
 * The message key of `counter` from `sender` on the channel's first epoch,
 * whose key every member keeps with the channel key: no ratchet there (it
 * could not give forward secrecy), one key per sender and counter. Throws
 * TypeError on a malformed key or device id, RangeError on a non-counter.
 */
export function controlMessageKey(controlKey: Uint8Array, sender: string, counter: number): Uint8Array {
  requireKey(controlKey);
  return digest32('squircle/control-message/v1', controlKey, hexId(sender, 'device id'), u53(counter));
}

/** A sending chain as stored: the counter its key is for, and that key. */
export interface SendChainState {
  readonly next: number;
  /** base64, 32 bytes */
  readonly ck: string;
}

/** A fresh sending chain from CK_m,0. */
export function sendChain(ck: Uint8Array): SendChainState {
  requireKey(ck);
  return { next: FIRST_COUNTER, ck: toBase64(ck) };
}

/**
 * The next `n` message keys of a sending chain, for counters `first` …
 * `first + n - 1`, and the chain moved past them. Synchronous, so it runs
 * inside the IndexedDB transaction that takes the counters. The keys are
 * the caller's to erase once used. Throws RangeError on n outside 1..4096,
 * MalformedRecordError on a state sendChain did not make.
 */
export function takeSendKeys(
  state: SendChainState,
  n: number,
): { first: number; keys: Uint8Array[]; state: SendChainState } {
  if (!Number.isInteger(n) || n < 1 || n > 4096) throw new RangeError('Message keys are taken 1 to 4096 at a time.');
  let ck = chainKeyOf(state);
  const keys: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const step = chainStep(ck);
    ck.fill(0);
    keys.push(step.mk);
    ck = step.next;
  }
  const next = { next: state.next + n, ck: toBase64(ck) };
  ck.fill(0);
  return { first: state.next, keys, state: next };
}

/** A receive chain as stored. */
export interface ReceiveChainState {
  readonly v: 1;
  /** The counter the chain key is for. */
  readonly next: number;
  /** base64 */
  readonly ck: string;
  /** Message keys of counters skipped and still inside the window, by counter (base64). */
  readonly skipped: Record<string, string>;
  readonly size: number;
}

/**
 * One sender's chain in one epoch as a receiver keeps it: the next chain
 * key and the message keys of skipped counters that are at most `size`
 * below the highest counter taken (the replay window's reach), so at most
 * `size` message keys are kept. A key taken is gone: the same counter
 * never yields it again.
 */
export class ReceiveChain {
  private constructor(
    private nextCounter: number,
    private ck: Uint8Array,
    private readonly skipped: Map<number, Uint8Array>,
    readonly size: number,
  ) {}

  /** From CK_m,0. Throws TypeError on a key that is not 32 bytes, RangeError on a bad size. */
  static start(ck: Uint8Array, size = DEFAULT_REPLAY_WINDOW): ReceiveChain {
    requireKey(ck);
    if (!Number.isInteger(size) || size < 1 || size > 4096) throw new RangeError('A chain window is 1 to 4096.');
    return new ReceiveChain(FIRST_COUNTER, ck.slice(), new Map(), size);
  }

  /** The counter the chain key stands at: every lower counter is taken or skipped. */
  get next(): number {
    return this.nextCounter;
  }

  /** How many skipped message keys are kept. */
  get kept(): number {
    return this.skipped.size;
  }

  /**
   * The message key of `counter`, erased from this chain: undefined when it
   * was taken already, is below the window, or lies more than MAX_CHAIN_JUMP
   * ahead. The caller erases the key once used. Throws RangeError on a non-counter.
   */
  take(counter: number): Uint8Array | undefined {
    if (!Number.isSafeInteger(counter) || counter < 0) throw new RangeError(`Not an envelope counter: ${counter}`);
    const kept = this.skipped.get(counter);
    if (kept) {
      this.skipped.delete(counter);
      return kept;
    }
    if (counter < this.nextCounter || counter - this.nextCounter > MAX_CHAIN_JUMP) return undefined;
    let ck = this.ck;
    for (let i = this.nextCounter; i < counter; i++) {
      const step = chainStep(ck);
      ck.fill(0);
      if (counter - i < this.size) this.skipped.set(i, step.mk);
      else step.mk.fill(0);
      ck = step.next;
    }
    const last = chainStep(ck);
    ck.fill(0);
    this.ck = last.next;
    this.nextCounter = counter + 1;
    for (const [c, mk] of this.skipped)
      if (counter - c >= this.size) {
        mk.fill(0);
        this.skipped.delete(c);
      }
    return last.mk;
  }

  /** Zeroes every key held; the chain opens nothing afterwards. */
  erase(): void {
    this.ck.fill(0);
    for (const mk of this.skipped.values()) mk.fill(0);
    this.skipped.clear();
    this.nextCounter = Number.MAX_SAFE_INTEGER;
  }

  toJSON(): ReceiveChainState {
    return {
      v: 1,
      next: this.nextCounter,
      ck: toBase64(this.ck),
      skipped: Object.fromEntries([...this.skipped].map(([c, mk]) => [String(c), toBase64(mk)])),
      size: this.size,
    };
  }

  /** Throws MalformedRecordError on anything toJSON could not have written. */
  static fromJSON(x: unknown): ReceiveChain {
    const bad = () => new MalformedRecordError('A stored receive chain is damaged.');
    if (typeof x !== 'object' || x === null) throw bad();
    const r = x as Record<string, unknown>;
    const { next, ck, skipped, size } = r;
    if (r.v !== 1 || !Number.isSafeInteger(next) || typeof next !== 'number' || next < 0) throw bad();
    if (!Number.isInteger(size) || typeof size !== 'number' || size < 1 || size > 4096) throw bad();
    if (typeof skipped !== 'object' || skipped === null) throw bad();
    const key = (v: unknown) => {
      const k = typeof v === 'string' ? safeBase64(v) : undefined;
      if (!k || k.length !== KEY_BYTES) throw bad();
      return k;
    };
    const kept = new Map<number, Uint8Array>();
    for (const [c, mk] of Object.entries(skipped)) {
      const counter = Number(c);
      if (!Number.isSafeInteger(counter) || String(counter) !== c || counter >= next || next - 1 - counter >= size)
        throw bad();
      kept.set(counter, key(mk));
    }
    return new ReceiveChain(next, key(ck), kept, size);
  }
}

/**
 * Seals one envelope's chunk under its message key. The nonce is fixed
 * (zeros): each message key seals exactly one chunk, so a key and nonce
 * pair never repeats.
 */
export function sealChunk(mk: Uint8Array, chunk: Uint8Array): Uint8Array {
  requireKey(mk);
  return nacl.secretbox(chunk, ZERO_NONCE, mk);
}

/** The chunk, or undefined when it does not open under `mk`. */
export function openChunk(mk: Uint8Array, sealed: Uint8Array): Uint8Array | undefined {
  requireKey(mk);
  return nacl.secretbox.open(sealed, ZERO_NONCE, mk) ?? undefined;
}

/** What sealChunk adds to a chunk. */
export const CHUNK_OVERHEAD = nacl.secretbox.overheadLength;
const ZERO_NONCE = new Uint8Array(nacl.secretbox.nonceLength);

function chainKeyOf(state: SendChainState): Uint8Array {
  const ck = state && typeof state.ck === 'string' ? safeBase64(state.ck) : undefined;
  if (!ck || ck.length !== KEY_BYTES || !Number.isSafeInteger(state.next) || state.next < FIRST_COUNTER)
    throw new MalformedRecordError('A stored sending chain is damaged.');
  return ck;
}

function safeBase64(text: string): Uint8Array | undefined {
  try {
    return fromBase64(text);
  } catch {
    return undefined;
  }
}

function hexId(text: unknown, what: string): Uint8Array {
  const id = fromHex(text, 16);
  if (!id) throw new TypeError(`A ${what} is 16 bytes of lowercase hex.`);
  return id;
}

function requireKey(k: unknown): void {
  if (!(k instanceof Uint8Array) || k.length !== KEY_BYTES) throw new TypeError('A chain or message key is 32 bytes.');
}

/**
 * A message key kept with its envelope while it waits in the outbox, so the
 * envelope can be sealed again under a newer epoch: sealed under a key from
 * the epoch's header key, with the envelope's own (random) nonce. It goes
 * with the outbox row, and opens no more once the epoch's header key is
 * erased. Throws TypeError on keys that are not 32 bytes.
 */
export function wrapOutboxKey(header: Uint8Array, envelope: Uint8Array, mk: Uint8Array): Uint8Array {
  requireKey(header);
  requireKey(mk);
  const key = digest32('squircle/outbox-key/v1', header);
  const out = nacl.secretbox(mk, envelope.subarray(0, nacl.secretbox.nonceLength), key);
  key.fill(0);
  return out;
}

/** The message key wrapOutboxKey kept for `envelope`, or undefined when it does not open under `header`. */
export function unwrapOutboxKey(header: Uint8Array, envelope: Uint8Array, wrapped: Uint8Array): Uint8Array | undefined {
  requireKey(header);
  const key = digest32('squircle/outbox-key/v1', header);
  const mk = nacl.secretbox.open(wrapped, envelope.subarray(0, nacl.secretbox.nonceLength), key);
  key.fill(0);
  return mk ?? undefined;
}
