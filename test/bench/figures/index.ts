/**
 * Every figure `npm run bench` reports, in table order. To add one: write a
 * FigureSource in figures/<name>.ts and list it here (see BENCHMARKS.md).
 */
import type { FigureSource } from '../lib/context';
import { bundleFigures } from './bundle';
import { coleaderBurstFigures, coleaderLatencyFigures } from './coleaders';
import { contentScriptFigures } from './content-script';
import { historyFigures } from './history';
import { brokerLoadFigures } from './load';
import { markerFigures } from './marker';
import { mqttLazyFigure } from './mqtt-lazy';
import { panelMemoryFigures } from './panel-memory';
import { panelOpenFigures } from './panel-open';
import { ratchetFigures } from './ratchet';
import { storeFigures } from './store';
import { unlockInChromium, unlockInNode } from './unlock';

export const sources: FigureSource[] = [
  unlockInChromium,
  unlockInNode,
  storeFigures,
  markerFigures,
  historyFigures,
  contentScriptFigures,
  bundleFigures,
  panelOpenFigures,
  mqttLazyFigure,
  panelMemoryFigures,
  coleaderLatencyFigures,
  coleaderBurstFigures,
  brokerLoadFigures,
  ratchetFigures,
];
