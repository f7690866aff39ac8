import { ReplayWindow } from '../crypto';

export interface ReplayWindowsDeps {
  /** The stored window of one sender in one epoch (ReplayWindow's JSON), if any. */
  load(deviceId: string, epoch: number): Promise<string | undefined>;
  /** Writes several windows in one transaction; a rejection keeps them unsaved for the next write. */
  save(rows: { deviceId: string; epoch: number; window: string }[]): Promise<void>;
  /** How long after an envelope moved a window it is written (default 250 ms). */
  saveAfterMs?: number;
}

/**
 * Each sender's replay window, by sender and epoch: read from the store
 * once, then kept here (one engine per channel in a browser writes them)
 * and written back at most `saveAfterMs` after an envelope moved them, and
 * on stop. A crash before a write lets those envelopes in once more after a
 * restart; applying is idempotent (the latest HLC wins, ids are kept once).
 */
export class ReplayWindows {
  private readonly windows = new Map<string, { deviceId: string; epoch: number; window: ReplayWindow }>();
  private readonly unsaved = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly d: ReplayWindowsDeps) {}

  /** Whether `counter` from `deviceId` in `epoch` was not applied yet ('fresh'). Throws RangeError on a non-counter. */
  async check(deviceId: string, epoch: number, counter: number): Promise<'fresh' | 'replay' | 'too-old'> {
    return (await this.window(deviceId, epoch)).check(counter);
  }

  /** Marks a counter applied (after check said 'fresh' and the envelope was accepted); written a little later. */
  async record(deviceId: string, epoch: number, counter: number): Promise<void> {
    const key = `${deviceId}:${epoch}`;
    const window = (await this.window(deviceId, epoch)).record(counter);
    this.windows.set(key, { deviceId, epoch, window });
    this.unsaved.add(key);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, this.d.saveAfterMs ?? 250);
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
        return w ? [{ deviceId: w.deviceId, epoch: w.epoch, window: JSON.stringify(w.window) }] : [];
      });
      this.unsaved.clear();
      if (!changed.length) return;
      // Not written (a full disk): tried again with the next envelope's write, or on stop.
      await this.d.save(changed).catch(() => keys.forEach((k) => this.unsaved.add(k)));
    });
    return this.saving;
  }

  private async window(deviceId: string, epoch: number): Promise<ReplayWindow> {
    const kept = this.windows.get(`${deviceId}:${epoch}`);
    if (kept) return kept.window;
    const stored = await this.d.load(deviceId, epoch);
    const window = stored ? ReplayWindow.fromJSON(JSON.parse(stored)) : ReplayWindow.empty();
    this.windows.set(`${deviceId}:${epoch}`, { deviceId, epoch, window });
    return window;
  }
}
