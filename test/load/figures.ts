/** A load run (load.ts) as rows of the bench table, for `npm run bench` and `npm run load` alike. */
import type { Figure } from '../bench/lib/figure';
import type { LoadResult } from './load';

const nf = new Intl.NumberFormat('en-US');
const ms = (x: number) => `${x.toFixed(1)} ms`;
const none = (n: number, of: number) => (n ? `${nf.format(n)} of ${nf.format(of)}` : 'none');

export function loadFigures(broker: string, r: LoadResult): Figure[] {
  const id = `load.${broker.toLowerCase()}`;
  const what = `${broker}, ${nf.format(r.channels)} channels × ${r.devices} devices`;
  const rejected = Object.entries(r.rejected)
    .map(([reason, n]) => `${nf.format(n)} ${reason}`)
    .join(', ');
  const how =
    `${nf.format(r.connections)} devices in one Node process, each with its own store and the panel's ` +
    `ChannelEngine (outbox, cover traffic, heartbeats, anti-entropy; MQTT.js, QoS 1, persistent sessions) ` +
    `over TCP on 127.0.0.1, connected in ${r.connectSeconds.toFixed(1)} s; a session of ` +
    `${r.seconds.toFixed(0)} s: a marker every 10 s per device through SessionActions.mark; ` +
    `${nf.format(r.markers)} markers made (about ${nf.format(Math.floor((r.connections * r.seconds) / 10))} due, ` +
    `${r.markFailed} failed), ${nf.format(r.envelopes)} envelopes acknowledged by the broker; marker latency ` +
    `p90 ${ms(r.markerLatency.p90)}, max ${ms(r.markerLatency.max)}; ${nf.format(r.missingAtEnd)} marker copies ` +
    `still missing when the session ended; envelopes refused: ${rejected || 'none'}; ` +
    `${r.disconnects} connections dropped and opened again; the load's own process ` +
    `${r.toolCpuPercent.toFixed(0)} % of a core, its event loop delayed ${ms(r.toolLoopDelayP99)} at p99`;
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
      label: `Load, ${what}: marker made to applied in the co-leader's store, p50`,
      value: r.markerLatency.p50,
      unit: 'ms',
      how,
    },
    {
      id: `${id}.latency.p99`,
      label: `Load, ${what}: marker made to applied in the co-leader's store, p99`,
      value: r.markerLatency.p99,
      unit: 'ms',
      how,
    },
    {
      id: `${id}.broker.dropped`,
      label: `Load, ${what}: envelopes the broker acknowledged and never delivered`,
      value: none(r.broker.dropped, r.broker.owed),
      unit: 'word',
      how:
        `deliveries owed to co-leaders' connections of every envelope the broker acknowledged (PUBACK), ` +
        `by nonce; ${nf.format(r.broker.duplicated)} delivered twice; what the channel recovers from`,
    },
    {
      id: `${id}.recovery`,
      label: `Load, ${what}: recovery after the session, until every marker was applied`,
      value: r.recoverySeconds * 1000,
      unit: 'ms',
      how:
        `${nf.format(r.missingAtEnd)} marker copies missing when the session ended, ` +
        `recovered through the heartbeats' digests and anti-entropy`,
    },
    {
      id: `${id}.lost`,
      label: `Load, ${what}: markers lost after recovery`,
      value: none(r.lost, r.owed),
      unit: 'word',
      target: { is: 'none' },
      how: `${nf.format(r.applied)} of ${nf.format(r.owed)} owed (each marker to each co-leader's store)`,
    },
    {
      id: `${id}.duplicated`,
      label: `Load, ${what}: markers applied twice`,
      value: none(r.duplicated + r.unknown, r.owed),
      unit: 'word',
      target: { is: 'none' },
      how: `the stores' own write notices, per marker and receiving device; ${r.unknown} applied that were never made`,
    },
  ];
  if (r.brokerProcess)
    figures.push(
      {
        id: `${id}.cpu`,
        label: `Load, ${what}: broker CPU`,
        value: r.brokerProcess.cpuPercent,
        unit: '%',
        how: `user + system time of the broker's process over the session (/proc), per second of wall time`,
      },
      {
        id: `${id}.rss`,
        label: `Load, ${what}: broker memory, peak resident`,
        value: r.brokerProcess.rssPeakBytes,
        unit: 'B',
        how:
          `VmRSS every 2 s; ${nf.format(r.brokerProcess.rssStartBytes)} B once all were connected, ` +
          `${nf.format(r.brokerProcess.rssEndBytes)} B at the end of the session`,
      },
    );
  return figures;
}
