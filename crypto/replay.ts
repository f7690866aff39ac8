/**
 * Which counters of one sender in one epoch have been applied: the highest,
 * and a bitmap of the `size` counters at and below it (bit i = highest - i).
 * Delivery is at least once, so duplicates are normal; this is how the
 * receiver applies each envelope exactly once. Keep one window per
 * (sender device id, epoch) and store it with toJSON.
 */
import { MalformedRecordError } from './types';

export type ReplayVerdict = 'fresh' | 'replay' | 'too-old';

export interface ReplayWindowState {
  readonly v: 1;
  readonly size: number;
  /** -1 before the first counter. */
  readonly highest: number;
  /** The bitmap, lowercase hex, size/4 characters. */
  readonly seen: string;
}

export const DEFAULT_REPLAY_WINDOW = 128;
const MAX_SIZE = 4096;

/** Immutable: record returns a new window, so a failed write leaves the old one intact. */
export class ReplayWindow {
  private constructor(
    readonly size: number,
    readonly highest: number,
    private readonly bits: bigint,
  ) {}

  /** Throws RangeError unless size is a multiple of 8 in 8..4096. */
  static empty(size = DEFAULT_REPLAY_WINDOW): ReplayWindow {
    if (!validSize(size)) throw new RangeError('A replay window size is a multiple of 8 from 8 to 4096.');
    return new ReplayWindow(size, -1, 0n);
  }

  /**
   * 'too-old' is below the window: it cannot be told apart from a replay, so
   * treat it as one. Throws RangeError on a non-counter.
   */
  check(counter: number): ReplayVerdict {
    requireCounter(counter);
    if (counter > this.highest) return 'fresh';
    const d = this.highest - counter;
    if (d >= this.size) return 'too-old';
    return (this.bits >> BigInt(d)) & 1n ? 'replay' : 'fresh';
  }

  /**
   * Marks a counter applied. Call it only after the envelope opened and was
   * applied. Returns this for a non-fresh counter.
   */
  record(counter: number): ReplayWindow {
    if (this.check(counter) !== 'fresh') return this;
    if (counter > this.highest) {
      const shift = this.highest < 0 ? this.size : counter - this.highest;
      const moved = shift >= this.size ? 0n : (this.bits << BigInt(shift)) & mask(this.size);
      return new ReplayWindow(this.size, counter, moved | 1n);
    }
    return new ReplayWindow(this.size, this.highest, this.bits | (1n << BigInt(this.highest - counter)));
  }

  /** Never throws. */
  toJSON(): ReplayWindowState {
    return { v: 1, size: this.size, highest: this.highest, seen: this.bits.toString(16).padStart(this.size / 4, '0') };
  }

  /** Throws MalformedRecordError on anything toJSON could not have written. */
  static fromJSON(x: unknown): ReplayWindow {
    const bad = () => new MalformedRecordError('A stored replay window is damaged.');
    if (typeof x !== 'object' || x === null) throw bad();
    const r = x as Record<string, unknown>;
    const { size, highest, seen } = r;
    if (r.v !== 1 || !validSize(size) || typeof highest !== 'number' || typeof seen !== 'string') throw bad();
    if (!Number.isSafeInteger(highest) || highest < -1 || !new RegExp(`^[0-9a-f]{${size / 4}}$`).test(seen))
      throw bad();
    const bits = BigInt(`0x${seen}`);
    // Bit 0 is `highest` itself; nothing below counter 0 can have been seen.
    const possible = highest < 0 ? 0n : mask(Math.min(size, highest + 1));
    if ((bits & ~possible) !== 0n || (highest >= 0 && (bits & 1n) === 0n)) throw bad();
    return new ReplayWindow(size, highest, bits);
  }
}

function validSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 8 && n <= MAX_SIZE && n % 8 === 0;
}

function mask(bits: number): bigint {
  return (1n << BigInt(bits)) - 1n;
}

function requireCounter(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Not an envelope counter: ${n}`);
}
