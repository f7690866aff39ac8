/**
 * The broker load (test/load/load.ts): 1,000 co-leader channels of 3 devices
 * for 5 minutes, against the embedded Aedes, then Debian's Mosquitto, each in
 * its own process. SQUIRCLE_LOAD_CHANNELS and SQUIRCLE_LOAD_SECONDS make the
 * run smaller (`npm run load -- --channels 50 --seconds 30` does the same
 * outside the bench). Losses and duplicates are judged (none wanted);
 * latency, rates, CPU and memory are reported.
 */
import type { FigureSource } from '../lib/context';
import type { Figure } from '../lib/figure';
import { startLoadBroker, type BrokerName } from '../../load/brokers';
import { loadFigures } from '../../load/figures';
import { runLoad } from '../../load/load';

const CHANNELS = Number(process.env.SQUIRCLE_LOAD_CHANNELS ?? 1000);
const SECONDS = Number(process.env.SQUIRCLE_LOAD_SECONDS ?? 300);
const BROKERS: BrokerName[] = ['aedes', 'mosquitto'];

export const brokerLoadFigures: FigureSource = {
  name: 'broker load',
  async measure() {
    const figures: Figure[] = [];
    for (const name of BROKERS) {
      const broker = await startLoadBroker(name);
      try {
        const result = await runLoad({
          url: broker.url,
          channels: CHANNELS,
          devices: 3,
          seconds: SECONDS,
          brokerPid: broker.pid,
          log: (l) => console.error(`bench: ${broker.name} ${l}`),
        });
        figures.push(...loadFigures(broker.name, result));
      } finally {
        await broker.stop();
      }
    }
    return figures;
  },
};
