/**
 * Joins the parts of a payload that travelled as several envelopes
 * (crypto/envelope.ts: part i of n carries counter first + i). Parts come
 * from authenticated members only, but are still bounded: a few unfinished
 * payloads per sender, each forgotten after a while, so a member's device
 * that stops halfway holds no memory for long.
 */
export interface Part {
  readonly sender: string;
  readonly epoch: number;
  readonly counter: number;
  readonly part: number;
  readonly parts: number;
  readonly payload: Uint8Array;
}

/** Unfinished payloads kept per sender; the oldest goes first. */
const PER_SENDER = 4;
/** An unfinished payload is dropped after this long without its missing parts. */
export const PART_TTL_MS = 60_000;

export class Reassembly {
  private readonly pending = new Map<string, { sender: string; at: number; chunks: (Uint8Array | undefined)[] }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The whole payload once its last missing part arrives, else undefined. A one-part payload comes back at once. */
  add(p: Part): Uint8Array | undefined {
    if (p.parts === 1) return p.payload;
    this.expire();
    const key = `${p.sender}:${p.epoch}:${p.counter - p.part}:${p.parts}`;
    let entry = this.pending.get(key);
    if (!entry) {
      const mine = [...this.pending].filter(([, e]) => e.sender === p.sender);
      if (mine.length >= PER_SENDER) this.pending.delete(mine[0]![0]);
      entry = { sender: p.sender, at: this.now(), chunks: new Array<Uint8Array | undefined>(p.parts) };
      this.pending.set(key, entry);
    }
    entry.chunks[p.part] = p.payload;
    for (let i = 0; i < p.parts; i++) if (!entry.chunks[i]) return undefined;
    this.pending.delete(key);
    const chunks = entry.chunks as Uint8Array[];
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  /** Unfinished payloads held now. */
  get size(): number {
    return this.pending.size;
  }

  private expire(): void {
    const now = this.now();
    for (const [k, e] of this.pending) if (now - e.at > PART_TTL_MS) this.pending.delete(k);
  }
}
