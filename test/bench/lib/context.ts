/**
 * What a figure source gets: a Chromium with the bench page, launched on
 * first use and shared by every source.
 */
import type { Figure } from './figure';
import { openBenchBrowser, type BenchBrowser } from './browser';

export interface BenchContext {
  browser(): Promise<BenchBrowser>;
  /**
   * Something several sources use (e.g. two paired side panels): opened by
   * the first source that asks for `key`, handed to the next ones as is,
   * and closed when the run ends. A failed open is not retried.
   */
  shared<T>(key: string, open: () => Promise<T>, close: (value: T) => Promise<void>): Promise<T>;
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
  const shared = new Map<string, { value: Promise<unknown>; close: (value: never) => Promise<void> }>();
  return {
    browser: () =>
      (opening ??= openBenchBrowser().then((b) => {
        version = b.version;
        return b;
      })),
    shared<T>(key: string, open: () => Promise<T>, close: (value: T) => Promise<void>): Promise<T> {
      let entry = shared.get(key);
      if (!entry) shared.set(key, (entry = { value: open(), close: close as (value: never) => Promise<void> }));
      return entry.value as Promise<T>;
    },
    chromiumVersion: () => version,
    async close() {
      for (const [key, { value, close }] of [...shared].reverse()) {
        await value.then(
          (v) => close(v as never).catch((e: Error) => console.error(`bench: closing ${key}: ${e.message}`)),
          () => {},
        );
      }
      shared.clear();
      if (opening)
        await opening.then(
          (b) => b.close(),
          () => {},
        );
    },
  };
}
