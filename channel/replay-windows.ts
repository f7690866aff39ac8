import { ReceiveChain, ReplayWindow } from '../crypto';

export interface ReplayWindowsDeps {
  /** The stored window of one sender in one epoch (ReplayWindow's JSON), if any. */
  load(deviceId: string, epoch: number): Promise<string | undefined>;
  /** The stored receive chain of one sender in one epoch (ReceiveChain's JSON), if any. */
  loadChain(deviceId: string, epoch: number): Promise<string | undefined>;
  /** Writes several windows (and chains) in one transaction; a rejection keeps them unsaved for the next write. */
  save(rows: { deviceId: string; epoch: number; window: string; chain?: string }[]): Promise<void>;
  /** How long after an envelope moved a window it is written (default 250 ms). */
  saveAfterMs?: number;
}

interface Kept {
  deviceId: string;
  epoch: number;
  window: ReplayWindow;
  /** Undefined until asked for; null when none is stored (the first epoch, or erased). */
  chain?: ReceiveChain | null;
}

/**
 * Each sender's replay window and receive chain (crypto/ratchet.ts), by
 * sender and epoch: read from the store once, then kept here (one engine
 * per channel in a browser opens envelopes) and written back at most
 * `saveAfterMs` after an envelope moved them, and on stop. A message key
 * taken from a chain is gone from this memory at once and from the store
 * with that write. A crash before a write lets those envelopes in once
 * more after a restart; applying is idempotent (the latest HLC wins, ids
 * are kept once).
 */
export class ReplayWindows {
  private readonly windows = new Map<string, Kept>();
  private readonly unsaved = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly d: ReplayWindowsDeps) {}

  /** Whether `counter` from `deviceId` in `epoch` was not applied yet ('fresh'). Throws RangeError on a non-counter. */
  async check(deviceId: string, epoch: number, counter: number): Promise<'fresh' | 'replay' | 'too-old'> {
    return (await this.kept(deviceId, epoch)).window.check(counter);
  }

  /**
   * The message key of `counter` from `deviceId` in `epoch`, taken from its
   * receive chain (so never given twice), or undefined when this device
   * holds none for it. Written a little later, like the windows.
   */
  async messageKey(deviceId: string, epoch: number, counter: number): Promise<Uint8Array | undefined> {
    const kept = await this.kept(deviceId, epoch);
    if (kept.chain === undefined) {
      const stored = await this.d.loadChain(deviceId, epoch);
      kept.chain ??= stored ? ReceiveChain.fromJSON(JSON.parse(stored)) : null;
    }
    const mk = kept.chain?.take(counter);
    if (mk) this.changed(`${deviceId}:${epoch}`);
    return mk;
  }

  /** Marks a counter applied (after check said 'fresh' and the envelope was accepted); written a little later. */
  async record(deviceId: string, epoch: number, counter: number): Promise<void> {
    const kept = await this.kept(deviceId, epoch);
    kept.window = kept.window.record(counter);
    this.changed(`${deviceId}:${epoch}`);
  }

  /** Drops what is kept of `epochs` (erased, or opened again): their chains are zeroed and never written back. */
  forget(epochs: readonly number[]): void {
    for (const [k, kept] of this.windows)
      if (epochs.includes(kept.epoch)) {
        kept.chain?.erase();
        this.windows.delete(k);
        this.unsaved.delete(k);
      }
  }

  /** Writes what is pending at once and stops the timer. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.save();
  }

  /** Writes the windows changed since the last write, in one transaction; one write at a time. */
  save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      const keys = [...this.unsaved];
      const changed = keys.flatMap((k) => {
        const w = this.windows.get(k);
        if (!w) return [];
        const window = JSON.stringify(w.window);
        return [
          { deviceId: w.deviceId, epoch: w.epoch, window, ...(w.chain ? { chain: JSON.stringify(w.chain) } : {}) },
        ];
      });
      this.unsaved.clear();
      if (!changed.length) return;
      // Not written (a full disk): tried again with the next envelope's write, or on stop.
      await this.d.save(changed).catch(() => keys.forEach((k) => this.unsaved.add(k)));
    });
    return this.saving;
  }

  private changed(key: string): void {
    this.unsaved.add(key);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, this.d.saveAfterMs ?? 250);
  }

  private async kept(deviceId: string, epoch: number): Promise<Kept> {
    const key = `${deviceId}:${epoch}`;
    const kept = this.windows.get(key);
    if (kept) return kept;
    const stored = await this.d.load(deviceId, epoch);
    const window = stored ? ReplayWindow.fromJSON(JSON.parse(stored)) : ReplayWindow.empty();
    // Another call may have read it meanwhile: the first one read is kept.
    const now = this.windows.get(key) ?? { deviceId, epoch, window };
    this.windows.set(key, now);
    return now;
  }
}
