import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import {
  FIRST_COUNTER,
  MAX_CHAIN_JUMP,
  MalformedRecordError,
  ReceiveChain,
  chainStep,
  controlMessageKey,
  openChunk,
  ratchetKeys,
  sealChunk,
  sendChain,
  takeSendKeys,
  utf8Decode,
  utf8Encode,
} from '../../../crypto';
import { toHex } from '../../../crypto/wire';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));
/** CK_0 of the known-answer vectors: bytes 0x00..0x1f. */
const CK0 = Uint8Array.from({ length: 32 }, (_, i) => i);
/** MK_i and CK_i+1 for i = 0..3 from CK0, computed with HMAC-SHA-256 outside this code base. */
const VECTORS = [
  [
    '9b4c8120a4823a95f47cde17a244f4507244ee6e3957d1fab9fa29b44d3829b7',
    '4304c22c84a53755ab08ead8d97a8d429be5efa480682d7ad1da27f73e1fbe1d',
  ],
  [
    'f7703c39dea9feb30cb6369304ad7b847b9aca58c1152af317aa78a91beddda1',
    '26fc86b9b1303ea2e66f53ed0f1de753407e5428caf5e440e6b51c48d4bd4949',
  ],
  [
    '5d2042bf4c603cf3aa7194739ed08bc1c698a7ec7fb8e77d3ea2588c6fe78ce1',
    '04428b813675036c07233edd0be13b7c422610a8c3d6ecc7c8fbd85671e47a13',
  ],
  [
    '7fb4f3030e858446af85f7f4c7ff573e65a3960bd4ea0a3daefd01dbf0e19cd8',
    'f916cf14cda4913b06c9c6ca21de28e7974c5317e71f736e50d09537484bd2fe',
  ],
] as const;

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const CHANNEL = 'c'.repeat(32);

/** Sealed chunks of counters 1..n from one sending chain, as a receiver gets them. */
function sent(n: number, ck = CK0): Map<number, Uint8Array> {
  const { first, keys } = takeSendKeys(sendChain(ck), n);
  return new Map(keys.map((mk, i) => [first + i, sealChunk(mk, utf8Encode(`message ${first + i}`))]));
}

/** Whether `chain` opens the chunk of `counter`. */
function opens(chain: ReceiveChain, box: Uint8Array | undefined, counter: number): boolean {
  const mk = chain.take(counter);
  return !!mk && !!box && openChunk(mk, box) !== undefined;
}

describe('the chain step (KDF_CK)', () => {
  it('gives the known answers for steps 0..3 from a fixed chain key', () => {
    let ck: Uint8Array = CK0;
    for (const [mk, next] of VECTORS) {
      const step = chainStep(ck);
      expect(toHex(step.mk)).toBe(mk);
      expect(toHex(step.next)).toBe(next);
      ck = step.next;
    }
  });

  it('agrees with HMAC-SHA-256 computed directly: MK = HMAC(CK, 0x01), CK+1 = HMAC(CK, 0x02)', () => {
    let ck: Uint8Array = CK0;
    for (const [mk, next] of VECTORS) {
      expect(toHex(hmac(sha256, ck, Uint8Array.of(1)))).toBe(mk);
      expect(toHex(hmac(sha256, ck, Uint8Array.of(2)))).toBe(next);
      ck = hex(next);
    }
  });

  it('takes the same keys on the sending side, counters from FIRST_COUNTER on, in blocks', () => {
    const { first, keys, state } = takeSendKeys(sendChain(CK0), 3);
    expect(first).toBe(FIRST_COUNTER);
    expect(keys.map(toHex)).toEqual(VECTORS.slice(0, 3).map(([mk]) => mk));
    const more = takeSendKeys(state, 1);
    expect(more.first).toBe(FIRST_COUNTER + 3);
    expect(toHex(more.keys[0]!)).toBe(VECTORS[3][0]);
    expect(state.ck).not.toBe(more.state.ck);
    expect(() => takeSendKeys(state, 0)).toThrow(RangeError);
    expect(() => takeSendKeys({ next: 1, ck: 'nope' }, 1)).toThrow(MalformedRecordError);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => chainStep(new Uint8Array(31))).toThrow(TypeError);
    expect(() => sealChunk(new Uint8Array(16), new Uint8Array(1))).toThrow(TypeError);
  });
});

describe('ratchetKeys', () => {
  it('derives a header key and one chain per member, each different, all fixed by the epoch key', () => {
    const e = new Uint8Array(32).fill(7);
    const one = ratchetKeys(e, CHANNEL, 5, [A, B]);
    const again = ratchetKeys(e, CHANNEL, 5, [B, A]);
    expect(toHex(one.header)).toBe(toHex(again.header));
    expect(toHex(one.chains.get(A)!)).toBe(toHex(again.chains.get(A)!));
    const all = [one.header, ...one.chains.values()].map(toHex);
    expect(new Set(all).size).toBe(3);
    expect(all).not.toContain(toHex(e));
    // Another epoch or channel: unrelated keys.
    expect(toHex(ratchetKeys(e, CHANNEL, 6, [A]).chains.get(A)!)).not.toBe(toHex(one.chains.get(A)!));
    expect(toHex(ratchetKeys(e, 'd'.repeat(32), 5, [A]).header)).not.toBe(toHex(one.header));
    expect(() => ratchetKeys(e, CHANNEL, 5, ['nope'])).toThrow(TypeError);
  });

  it('gives the control epoch one key per sender and counter, without state', () => {
    const k = new Uint8Array(32).fill(1);
    expect(toHex(controlMessageKey(k, A, 3))).toBe(toHex(controlMessageKey(k, A, 3)));
    expect(toHex(controlMessageKey(k, A, 3))).not.toBe(toHex(controlMessageKey(k, A, 4)));
    expect(toHex(controlMessageKey(k, A, 3))).not.toBe(toHex(controlMessageKey(k, B, 3)));
  });
});

describe('ReceiveChain', () => {
  it('opens what the sending chain sealed, in order', () => {
    const boxes = sent(4);
    const chain = ReceiveChain.start(CK0);
    for (const [c, box] of boxes) expect(utf8Decode(openChunk(chain.take(c)!, box)!)).toBe(`message ${c}`);
    expect(chain.next).toBe(5);
    expect(chain.kept).toBe(0);
  });

  it('opens out of order within the window, keeping only the skipped keys', () => {
    const boxes = sent(10);
    const chain = ReceiveChain.start(CK0, 8);
    expect(opens(chain, boxes.get(6), 6)).toBe(true);
    expect(chain.kept).toBe(5); // 1..5
    expect(opens(chain, boxes.get(3), 3)).toBe(true);
    expect(opens(chain, boxes.get(10), 10)).toBe(true);
    // 10 - 8 = 2: counters 1 and 2 left the window, 3 and 6 were used.
    expect(chain.kept).toBe(5); // 4, 5, 7, 8, 9
    for (const c of [4, 5, 7, 8, 9]) expect(opens(chain, boxes.get(c), c), `counter ${c}`).toBe(true);
    expect(chain.kept).toBe(0);
  });

  it('refuses a counter below the window', () => {
    const boxes = sent(20);
    const chain = ReceiveChain.start(CK0, 8);
    expect(opens(chain, boxes.get(20), 20)).toBe(true);
    expect(chain.take(12)).toBeUndefined(); // 20 - 12 = 8: outside
    expect(opens(chain, boxes.get(13), 13)).toBe(true);
  });

  it('gives a used key only once: a second envelope with the same counter does not open', () => {
    const boxes = sent(3);
    const chain = ReceiveChain.start(CK0);
    expect(opens(chain, boxes.get(2), 2)).toBe(true);
    expect(chain.take(2)).toBeUndefined();
    expect(opens(chain, boxes.get(1), 1)).toBe(true);
    expect(chain.take(1)).toBeUndefined();
  });

  it('keeps forward secrecy: the state after message n, stored and read back, opens no message it already took', () => {
    const boxes = sent(6);
    const chain = ReceiveChain.start(CK0);
    for (const c of [1, 2, 4, 5]) expect(opens(chain, boxes.get(c), c)).toBe(true);
    const stored = JSON.parse(JSON.stringify(chain)) as unknown;
    // Every key the stored state holds, tried on every envelope already received: none opens.
    const state = ReceiveChain.fromJSON(stored).toJSON();
    const held = [state.ck, ...Object.values(state.skipped)].map((k) =>
      Uint8Array.from(atob(k), (ch) => ch.charCodeAt(0)),
    );
    for (const c of [1, 2, 4, 5]) for (const k of held) expect(openChunk(k, boxes.get(c)!)).toBeUndefined();
    // The check can fail: the state before the first message (CK_0) opens them all.
    const before = ReceiveChain.start(CK0);
    for (const c of [1, 2, 4, 5]) expect(opens(before, boxes.get(c), c)).toBe(true);
    // And the stored state still opens what it did not take yet.
    const restored = ReceiveChain.fromJSON(stored);
    expect(opens(restored, boxes.get(3), 3)).toBe(true);
    expect(opens(restored, boxes.get(6), 6)).toBe(true);
    for (const c of [1, 2, 4, 5]) expect(restored.take(c)).toBeUndefined();
  });

  it('refuses a jump beyond MAX_CHAIN_JUMP, and opens nothing once erased', () => {
    const far = ReceiveChain.start(CK0);
    expect(far.take(FIRST_COUNTER + MAX_CHAIN_JUMP + 1)).toBeUndefined();
    expect(far.next).toBe(FIRST_COUNTER);
    const boxes = sent(3);
    const chain = ReceiveChain.start(CK0);
    expect(opens(chain, boxes.get(2), 2)).toBe(true);
    chain.erase();
    expect(chain.kept).toBe(0);
    expect(opens(chain, boxes.get(1), 1)).toBe(false);
    expect(opens(chain, boxes.get(3), 3)).toBe(false);
  });

  it('reads back only what toJSON wrote', () => {
    const chain = ReceiveChain.start(CK0, 8);
    chain.take(5);
    const good = chain.toJSON();
    expect(ReceiveChain.fromJSON(JSON.parse(JSON.stringify(good))).toJSON()).toEqual(good);
    for (const bad of [
      null,
      'x',
      { ...good, v: 2 },
      { ...good, next: -1 },
      { ...good, ck: 'short' },
      { ...good, size: 0 },
      { ...good, skipped: { 9: good.ck } }, // at or above next
      { ...good, skipped: { '01': good.ck } },
      { ...good, skipped: { 1: 'x' } },
    ])
      expect(() => ReceiveChain.fromJSON(bad), JSON.stringify(bad)).toThrow(MalformedRecordError);
  });
});
