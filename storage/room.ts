import type { DBCore, Middleware } from 'dexie';

/**
 * Less free room than this on the disk, as the browser reports it, and no
 * write is started. Chromium's IndexedDB keeps its data in LevelDB, whose
 * log is appended in place: a write that meets a full disk can leave half a
 * record behind, and when the database is opened again after more was
 * appended, Chromium reads that as corruption and deletes the whole
 * database, vault and all (test/e2e/bad-input.test.ts saw it happen). A
 * write that is never started cannot leave half a record, so the guard
 * refuses writes a little before the disk is full: a margin for the log, a
 * memtable flush and the browser's own files.
 */
export const MIN_FREE_BYTES = 4 << 20;

/** How often a guard that found the disk full looks again, so that writes resume by themselves once there is room. */
const POLL_WHEN_FULL_MS = 2000;
/** A write finds the last reading at most this old; an older one is renewed in the background. */
const FRESH_MS = 1000;

/** A write refused because the disk is (almost) full: nothing was written. */
export class DiskFullError extends Error {
  override name = 'DiskFullError';
  readonly messageKey = 'serviceErrors.diskFull';
  constructor() {
    super('Not written: the disk is full');
  }
}

/** navigator.storage.estimate(): for an extension with unlimitedStorage, quota is usage plus the free disk. */
export type Estimate = () => Promise<{ quota?: number; usage?: number }>;

/**
 * Refuses writes while the disk is (almost) full. `check()` reads the free
 * room now and is awaited before the writes a user starts (a note, the
 * scratch note, a marker), so the first write after the disk filled up is
 * already refused. Every other write transaction (the channel's, the
 * background's) is refused from the last reading, which writes keep fresh.
 */
export class RoomGuard {
  private full = false;
  private readAt = 0;
  private reading: Promise<void> | undefined;
  private poll: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly estimate: Estimate,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads the free room now; throws DiskFullError when it is below MIN_FREE_BYTES. */
  async check(): Promise<void> {
    await this.measure();
    if (this.full) throw new DiskFullError();
  }

  /**
   * Before a write of everything stored (vault key rotation, storage/rotate.ts):
   * throws DiskFullError unless the free room also holds a second copy of what
   * Squircle uses now, since LevelDB appends the new rows before it drops the old.
   */
  async checkRewrite(): Promise<void> {
    await this.check();
    let reading: { quota?: number; usage?: number };
    try {
      reading = await this.estimate();
    } catch {
      return;
    }
    const { quota, usage } = reading;
    if (quota !== undefined && usage !== undefined && quota - usage < usage + MIN_FREE_BYTES) throw new DiskFullError();
  }

  /** Whether the last reading found the disk full. */
  get isFull(): boolean {
    return this.full;
  }

  /** Refuses write transactions while the last reading says the disk is full. */
  readonly middleware: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'room',
    create: (down) => ({
      ...down,
      transaction: (stores, mode, options) => {
        if (mode === 'readwrite') {
          if (this.full) throw new DiskFullError();
          if (this.now() - this.readAt > FRESH_MS) this.reading ??= this.measure();
        }
        return down.transaction(stores, mode, options);
      },
    }),
  };

  private async measure(): Promise<void> {
    try {
      const { quota, usage } = await this.estimate();
      this.full = quota !== undefined && usage !== undefined && quota - usage < MIN_FREE_BYTES;
    } catch {
      // No reading: the write goes ahead, and the browser's own error reports a full disk.
      this.full = false;
    } finally {
      this.readAt = this.now();
      this.reading = undefined;
    }
    clearTimeout(this.poll);
    if (this.full) this.poll = setTimeout(() => void this.measure(), POLL_WHEN_FULL_MS);
  }
}
