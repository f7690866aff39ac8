/**
 * Cover traffic for a live session. While the channel's group has a session
 * open, each device sends one envelope per interval, at fixed points: a
 * decoy (an empty envelope of type 'decoy', the size of every other,
 * dropped by the receivers once opened) unless something else fills the
 * point. Two kinds of traffic fill points:
 * - a change made here (a marker) leaves at once and takes the place of the
 *   next point that has not been taken yet, so markers keep their speed;
 * - the channel's own upkeep (anti-entropy digests and their answers,
 *   presence) waits for the next free point and leaves there instead of the
 *   decoy, everything waiting by then in one go (the engine lets presence
 *   ride along in the envelope of a change that leaves before).
 * So the envelopes per minute stay the same whether the leaders mark or
 * not, as long as they make fewer changes than there are points. What
 * timing still shows: that a session is running (the steady rate starts and
 * stops with it), when each change left within its interval, and bursts of
 * more changes than points (several markers at once, a resync after a
 * reconnect), which leave at once and silence as many of the next points.
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
 * Where an end-to-end test sets a shorter interval in the panel page's
 * localStorage (ext/panel/coleader-service.ts reads it; only shorter
 * intervals are taken), so counting envelopes per interval takes seconds.
 */
export const TEST_COVER_INTERVAL_KEY = 'squircle.test.coverIntervalMs';

/**
 * Points that changes sent at once may take ahead: a burst larger than this
 * shows in the count anyway, so while this many are owed the channel's
 * upkeep does not wait for a point (anti-entropy repairs what the broker
 * lost in a burst as fast as without cover traffic).
 */
export const MAX_OWED = 12;

/**
 * Upkeep waits at most this many points (a minute) behind changes that took
 * them; then it leaves at the next point even though that point was taken
 * (a leader marking every few seconds for a minute already shows in the
 * count). So while the leaders mark often, anti-entropy compares digests
 * about once a minute.
 */
export const MAX_WAIT_POINTS = 12;

/**
 * Points are due one interval apart from the first tick of a live session.
 * At each: a point owed to a change that left at once is skipped; else the
 * waiting upkeep leaves, or a decoy.
 */
export class Cover {
  private nextAt: number | undefined;
  /** Points taken ahead by changes that left at once. */
  private owed = 0;
  /** Publishes on their way that fill a point already (upkeep sent at a point). */
  private reserved = 0;
  private sending = false;
  /** Whether a session was live at the last point (upkeep outside a session leaves at once). */
  private liveNow = false;
  private readonly waiting: (() => Promise<boolean>)[] = [];
  /** Points skipped while upkeep waited. */
  private waitedPoints = 0;

  constructor(
    private readonly d: CoverDeps,
    private readonly intervalMs = COVER_INTERVAL_MS,
  ) {}

  /** The interval between points, for the caller's ticks. */
  get interval(): number {
    return this.intervalMs;
  }

  /** An envelope left on the channel. Unless it fills a point itself, it takes the next free one. */
  sent(): void {
    if (this.sending) return;
    if (this.reserved > 0) this.reserved--;
    else this.owed = Math.min(MAX_OWED, this.owed + 1);
  }

  /**
   * The channel's upkeep: during a live session `send` runs at the next free
   * point, with whatever else waits by then (in the order given); outside
   * one, at once. `send` says whether it sent anything (a decoy fills the
   * point when nothing was). Resolves once it is queued or sent, never
   * waiting for the point, so a caller holding the channel's queue does not
   * hold it for seconds.
   */
  async upkeep(send: () => Promise<boolean>): Promise<void> {
    // After a burst larger than the points can hide, the count shows it anyway: repairs need not wait.
    if (!this.liveNow || this.owed >= MAX_OWED) {
      await send();
      return;
    }
    this.waiting.push(send);
  }

  /** Upkeep that waits for a point. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Called often (several times an interval): at a due point, a decoy or the waiting upkeep, unless owed. */
  async tick(): Promise<void> {
    if (this.sending) return;
    const now = this.d.now();
    if (this.nextAt !== undefined && now < this.nextAt) return;
    this.sending = true;
    try {
      const live = await this.d.live();
      this.liveNow = live;
      if (!live) {
        // Outside a session nothing is due; the next one starts its own schedule.
        this.nextAt = undefined;
        this.owed = 0;
        this.reserved = 0;
        this.waitedPoints = 0;
        await this.release();
        return;
      }
      const due = this.nextAt ?? now;
      // Late (a throttled timer in a hidden page): the schedule starts again from now.
      this.nextAt = now - due >= this.intervalMs ? now + this.intervalMs : due + this.intervalMs;
      // A reservation the upkeep did not use by now (no connection, nothing to seal) is dropped.
      this.reserved = 0;
      const overdue = this.waiting.length > 0 && (this.waitedPoints >= MAX_WAIT_POINTS || this.owed >= MAX_OWED);
      if (this.owed > 0 && !overdue) {
        this.owed--;
        if (this.waiting.length) this.waitedPoints++;
        return;
      }
      if (this.waiting.length) {
        if (!overdue) this.reserved = 1;
        this.waitedPoints = 0;
        this.sending = false;
        if (await this.release()) return;
        // Nothing to say after all (it left with a change meanwhile): the point gets its decoy.
        this.reserved = 0;
        this.sending = true;
      }
      await this.d.sendDecoy();
    } finally {
      this.sending = false;
    }
  }

  /** Runs everything waiting, in order (one that fails does not keep the others back); whether any sent something. */
  private async release(): Promise<boolean> {
    let sent = false;
    for (const job of this.waiting.splice(0)) if (await job().catch(() => false)) sent = true;
    return sent;
  }
}
