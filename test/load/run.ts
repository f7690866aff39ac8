/**
 * `npm run load`: the broker load (test/load/load.ts) against the embedded
 * Aedes and Debian's Mosquitto, one after the other; prints a table and
 * writes .output/load.json.
 *
 *   npm run load                                   # 1,000 channels × 3 devices, 5 minutes, both brokers
 *   npm run load -- --channels 50 --seconds 30     # a quick run
 *   npm run load -- --broker mosquitto
 *
 * The exit code is 1 when a run could not be made, or a marker was lost or
 * applied twice once the channel had recovered; the broker's own drops,
 * latency and CPU are reported, never judged.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../support/paths';
import { startLoadBroker, type BrokerName } from './brokers';
import { runLoad, type LoadResult } from './load';
import { judge } from '../bench/lib/figure';
import { renderTable } from '../bench/lib/table';
import { loadFigures } from './figures';

const USAGE =
  'npm run load -- [--channels N (1000)] [--devices N (3)] [--seconds S (300)] [--broker aedes|mosquitto|both]';

const { values } = parseArgs({
  options: {
    channels: { type: 'string', default: '1000' },
    devices: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '300' },
    broker: { type: 'string', default: 'both' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const count = (name: string, raw: string, min: number): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be a whole number of at least ${min}, not "${raw}".\n${USAGE}`);
    process.exit(2);
  }
  return n;
};
const channels = count('channels', values.channels, 1);
const devices = count('devices', values.devices, 2);
const seconds = count('seconds', values.seconds, 5);
const brokers: BrokerName[] =
  values.broker === 'both'
    ? ['aedes', 'mosquitto']
    : values.broker === 'aedes' || values.broker === 'mosquitto'
      ? [values.broker]
      : (console.error(`--broker is aedes, mosquitto or both, not "${values.broker}".\n${USAGE}`), process.exit(2));

const results: { broker: string; result: LoadResult }[] = [];
let failed = false;
for (const name of brokers) {
  const broker = await startLoadBroker(name);
  try {
    console.error(`load: ${broker.name} at ${broker.url}, ${channels} channels × ${devices} devices for ${seconds} s`);
    const result = await runLoad({
      url: broker.url,
      channels,
      devices,
      seconds,
      brokerPid: broker.pid,
      log: (l) => console.error(l),
    });
    results.push({ broker: broker.name, result });
    if (result.lost || result.duplicated || result.unknown) failed = true;
  } catch (e) {
    console.error(`load: ${broker.name} could not be measured: ${(e as Error).message}`);
    failed = true;
  } finally {
    await broker.stop();
  }
}

console.log(renderTable(results.flatMap((r) => loadFigures(r.broker, r.result)).map(judge)));
console.log(`\n${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, load ${loadavg()[0]!.toFixed(2)} at the end`);
const out = join(REPO_ROOT, '.output/load.json');
mkdirSync(join(REPO_ROOT, '.output'), { recursive: true });
writeFileSync(out, `${JSON.stringify({ measuredAt: new Date().toISOString(), results }, null, 2)}\n`);
console.error(`load: wrote ${out}`);
process.exitCode = failed ? 1 : 0;
