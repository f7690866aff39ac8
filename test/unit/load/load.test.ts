// The broker load (test/load/load.ts) at a small size against Debian's
// Mosquitto in its own process (test/load/brokers.ts): every envelope it
// publishes is accounted for, once per co-leader, through the real
// transport, sealing and opening, and the broker's process is measured.
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

  it('delivers every envelope of 4 channels × 3 devices to each co-leader once, with its latency', async () => {
    const r = await runLoad({
      url: broker.url,
      channels: 4,
      devices: 3,
      seconds: 5,
      // Shortened so that every kind is sent within the run.
      markerEveryMs: 1_000,
      heartbeatMs: 2_000,
      coverIntervalMs: 500,
      brokerPid: broker.pid,
    });
    expect(r.connections).toBe(12);
    expect(r.published.markers).toBeGreaterThanOrEqual(12 * 4);
    expect(r.published.heartbeats).toBeGreaterThanOrEqual(12);
    expect(r.published.decoys).toBeGreaterThan(0);
    expect(r.published.total).toBe(r.published.markers + r.published.heartbeats + r.published.decoys);
    expect(r.expected).toBe(r.published.total * 2);
    expect(r.delivered).toBe(r.expected);
    expect(r.lost).toBe(0);
    expect(r.duplicated).toBe(0);
    expect(r.rejected).toBe(0);
    expect(r.latency.count).toBe(r.delivered);
    expect(r.markerLatency.count).toBe(r.published.markers * 2);
    expect(r.latency.p50).toBeGreaterThan(0);
    expect(r.broker!.rssPeakBytes).toBeGreaterThan(0);
  });

  it('summarizes latencies by nearest rank', () => {
    const s = summarize(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(s).toEqual({ count: 100, p50: 50, p90: 90, p99: 99, max: 100 });
    expect(summarize([]).count).toBe(0);
  });
});
