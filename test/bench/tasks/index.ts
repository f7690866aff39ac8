/**
 * What the bench page offers the runner: each task runs inside Chromium and
 * returns plain numbers (they cross page.evaluate as JSON). To add a browser
 * task: write it in tasks/<name>.ts, add it here and in page/main.ts.
 */
import type { HistoryArgs, HistorySamples } from './history';
import type { MarkerArgs, MarkerSamples } from './marker';
import type { RatchetArgs, RatchetSamples } from './ratchet';
import type { StoreArgs, StoreSamples } from './store';
import type { UnlockArgs, UnlockSamples } from './unlock';

export interface BenchTasks {
  unlock(args: UnlockArgs): Promise<UnlockSamples>;
  store(args: StoreArgs): Promise<StoreSamples>;
  marker(args: MarkerArgs): Promise<MarkerSamples>;
  history(args: HistoryArgs): Promise<HistorySamples>;
  ratchet(args: RatchetArgs): Promise<RatchetSamples>;
}

export type TaskName = keyof BenchTasks;
export type TaskArgs<K extends TaskName> = Parameters<BenchTasks[K]>[0];
export type TaskResult<K extends TaskName> = Awaited<ReturnType<BenchTasks[K]>>;

declare global {
  interface Window {
    squircleBench?: BenchTasks;
  }
}
