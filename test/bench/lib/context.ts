/**
 * What a figure source gets: a Chromium with the bench page, launched on
 * first use and shared by every source.
 */
import type { Figure } from './figure';
import { openBenchBrowser, type BenchBrowser } from './browser';

export interface BenchContext {
  browser(): Promise<BenchBrowser>;
}

/** One group of figures that are measured together (e.g. both store ratios from one run). */
export interface FigureSource {
  name: string;
  measure(ctx: BenchContext): Promise<Figure[]>;
}

export interface RunnerContext extends BenchContext {
  /** The Chromium version if a source launched it; never launches. */
  chromiumVersion(): string | null;
  close(): Promise<void>;
}

export function createContext(): RunnerContext {
  let opening: Promise<BenchBrowser> | undefined;
  let version: string | null = null;
  return {
    browser: () =>
      (opening ??= openBenchBrowser().then((b) => {
        version = b.version;
        return b;
      })),
    chromiumVersion: () => version,
    async close() {
      if (opening) await opening.then((b) => b.close(), () => {});
    },
  };
}
