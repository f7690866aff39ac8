// The broker load (test/load/load.ts) at a small size against Debian's
// Mosquitto in its own process (test/load/brokers.ts): every marker made
// through SessionActions reaches each co-leader's store once, through the
// panel's own ChannelEngine on a real broker connection, and every envelope
// the broker acknowledged is followed to the co-leaders' connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoadBroker, type LoadBroker } from '../../load/brokers';
import { runLoad, summarize } from '../../load/load';
import { findMosquitto } from '../../support/brokers';

// CI installs Mosquitto (.ci/run); elsewhere this is skipped with a note.
const mosquittoMissing = !findMosquitto() && !process.env.CI;
if (mosquittoMissing) console.warn('Mosquitto is not installed: the load test is skipped (apt-get install mosquitto).');

describe.skipIf(mosquittoMissing)('the broker load', () => {
  let broker: LoadBroker;
  beforeAll(async () => {
    broker = await startLoadBroker('mosquitto');
  });
  afterAll(() => broker?.stop());

  it('applies every marker of 3 channels × 3 devices once in each co-leader store, and counts the broker', async () => {
    const r = await runLoad({
      url: broker.url,
      channels: 3,
      devices: 3,
      seconds: 5,
      // Shortened so that every device marks several times and cover traffic runs within the run.
      markerEveryMs: 1_000,
      coverIntervalMs: 500,
      drainMs: 20_000,
      brokerPid: broker.pid,
    });
    expect(r.connections).toBe(9);
    expect(r.markers).toBeGreaterThanOrEqual(9 * 4);
    expect(r.markFailed).toBe(0);
    expect(r.owed).toBe(r.markers * 2);
    expect(r.applied).toBe(r.owed);
    expect(r.lost).toBe(0);
    expect(r.duplicated).toBe(0);
    expect(r.unknown).toBe(0);
    expect(r.markerLatency.count).toBe(r.owed);
    // Markers, decoys and the engines' own upkeep: more envelopes than markers, each owed to two co-leaders.
    expect(r.envelopes).toBeGreaterThan(r.markers);
    expect(r.broker.owed).toBe(r.envelopes * 2);
    expect(r.broker.dropped).toBe(0);
    expect(r.brokerProcess!.rssPeakBytes).toBeGreaterThan(0);
  });

  it('summarizes latencies by nearest rank', () => {
    const s = summarize(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(s).toEqual({ count: 100, p50: 50, p90: 90, p99: 99, max: 100 });
    expect(summarize([]).count).toBe(0);
  });
});
