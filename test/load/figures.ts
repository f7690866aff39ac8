/** A load run (load.ts) as rows of the bench table, for `npm run bench` and `npm run load` alike. */
import type { Figure } from '../bench/lib/figure';
import type { LoadResult } from './load';

const nf = new Intl.NumberFormat('en-US');
const ms = (x: number) => `${x.toFixed(1)} ms`;
const none = (n: number, of: number) => (n ? `${nf.format(n)} of ${nf.format(of)}` : 'none');

export function loadFigures(broker: string, r: LoadResult): Figure[] {
  const id = `load.${broker.toLowerCase()}`;
  const what = `${broker}, ${nf.format(r.channels)} channels × ${r.devices} devices`;
  const how =
    `${nf.format(r.connections)} MQTT.js connections from one Node process (channel/transport.ts, QoS 1, ` +
    `persistent sessions) over TCP on 127.0.0.1, connected in ${r.connectSeconds.toFixed(1)} s; ` +
    `a session of ${r.seconds.toFixed(0)} s: a marker every 10 s and a heartbeat every 20 s per device, ` +
    `cover traffic every 5 s (channel/cover.ts); published ${nf.format(r.published.markers)} markers, ` +
    `${nf.format(r.published.heartbeats)} heartbeats, ${nf.format(r.published.decoys)} decoys, ` +
    `2,048 B each; every envelope opened and verified by each co-leader; ` +
    `latency p90 ${ms(r.latency.p90)}, max ${ms(r.latency.max)}; markers alone p50 ${ms(r.markerLatency.p50)}, ` +
    `p99 ${ms(r.markerLatency.p99)}; ${r.rejected} refused, ${r.publishFailed} publishes unacknowledged, ` +
    `${r.disconnects} connections dropped and opened again, ${r.whileDisconnected} envelopes sent while down; ` +
    `the last of what was on its way at the end came ${r.drainSeconds.toFixed(1)} s later; ` +
    `the load's own process ${r.toolCpuPercent.toFixed(0)} % of a core, its event loop delayed ` +
    `${ms(r.toolLoopDelayP99)} at p99 (markers made: ${nf.format(r.published.markers)} ` +
    `of about ${nf.format(Math.floor((r.connections * r.seconds) / 10))} due)`;
  const figures: Figure[] = [
    {
      id: `${id}.published`,
      label: `Load, ${what}: envelopes published per second`,
      value: r.envelopesPerSecond,
      unit: 'n',
      how,
    },
    {
      id: `${id}.delivered`,
      label: `Load, ${what}: envelopes delivered to co-leaders per second`,
      value: r.deliveriesPerSecond,
      unit: 'n',
      how: `${how}; the broker also returns each envelope to its sender (the engine drops it unopened)`,
    },
    {
      id: `${id}.latency.p50`,
      label: `Load, ${what}: publish to opened by the co-leader, p50`,
      value: r.latency.p50,
      unit: 'ms',
      how,
    },
    {
      id: `${id}.latency.p99`,
      label: `Load, ${what}: publish to opened by the co-leader, p99`,
      value: r.latency.p99,
      unit: 'ms',
      how,
    },
    {
      id: `${id}.lost`,
      label: `Load, ${what}: envelopes lost`,
      value: none(r.lost, r.expected),
      unit: 'word',
      target: { is: 'none' },
      how: `${nf.format(r.delivered)} of ${nf.format(r.expected)} deliveries owed (each envelope to each other device)`,
    },
    {
      id: `${id}.duplicated`,
      label: `Load, ${what}: envelopes delivered twice`,
      value: none(r.duplicated, r.expected),
      unit: 'word',
      target: { is: 'none' },
      how: 'by the envelope nonce, per receiving device',
    },
  ];
  if (r.broker)
    figures.push(
      {
        id: `${id}.cpu`,
        label: `Load, ${what}: broker CPU`,
        value: r.broker.cpuPercent,
        unit: '%',
        how: `user + system time of the broker's process over the session (/proc), per second of wall time`,
      },
      {
        id: `${id}.rss`,
        label: `Load, ${what}: broker memory, peak resident`,
        value: r.broker.rssPeakBytes,
        unit: 'B',
        how:
          `VmRSS every 2 s; ${nf.format(r.broker.rssStartBytes)} B once all were connected, ` +
          `${nf.format(r.broker.rssEndBytes)} B at the end of the session`,
      },
    );
  return figures;
}
