/**
 * Cover traffic for a live session. While the channel's group has a session
 * open, each device sends one envelope per interval: a real one if it had
 * something to say, else a decoy (an empty envelope of type 'decoy', the
 * size of every other, dropped by the receivers once opened). A real
 * envelope still leaves at once and takes the place of the next decoy, so
 * markers keep their speed, and a minute with a marker every few seconds
 * shows the broker as many envelopes as a minute without any. What timing
 * still shows: that a session is running (the steady rate starts and stops
 * with it), when each real envelope left within its interval, and bursts
 * of more than one per interval (a resync, several markers at once, the
 * digests that follow changes).
 */
export interface CoverDeps {
  /** Whether the channel's group has a session open now. */
  live(): Promise<boolean>;
  /** Seals and publishes one decoy on the current epoch's topic. */
  sendDecoy(): Promise<void>;
  now(): number;
}

/**
 * Five seconds: 12 envelopes of 2,048 bytes a minute per device while a
 * session runs, about 410 bytes a second, so 1,000 channels of two leaders
 * in session at once add about 400 publishes and 0.8 MB a second to the
 * broker (and as much again delivered), well within one Mosquitto's means;
 * a marker leaves at once whatever the interval.
 */
export const COVER_INTERVAL_MS = 5_000;

/**
 * Decoys are due at fixed points, one interval apart, from the first tick of
 * a live session; a point is skipped when a real envelope left since the
 * point before. So at most one real envelope per interval leaves the count
 * per minute unchanged.
 */
export class Cover {
  private nextAt: number | undefined;
  private realSince = false;
  private sending = false;

  constructor(
    private readonly d: CoverDeps,
    private readonly intervalMs = COVER_INTERVAL_MS,
  ) {}

  /** A real envelope left on the channel: it takes the place of the next decoy. */
  sent(): void {
    if (!this.sending) this.realSince = true;
  }

  /** Called often (every second or so): a decoy when a due point passed with no real envelope since the last one. */
  async tick(): Promise<void> {
    if (this.sending) return;
    const now = this.d.now();
    if (this.nextAt !== undefined && now < this.nextAt) return;
    this.sending = true;
    try {
      if (!(await this.d.live())) {
        // Outside a session nothing is due; the next one starts its own schedule.
        this.nextAt = undefined;
        this.realSince = false;
        return;
      }
      const due = this.nextAt ?? now;
      // Late (a throttled timer in a hidden page): the schedule starts again from now.
      this.nextAt = now - due >= this.intervalMs ? now + this.intervalMs : due + this.intervalMs;
      if (this.realSince) this.realSince = false;
      else await this.d.sendDecoy();
    } finally {
      this.sending = false;
    }
  }
}
