/**
 * Debian's Chromium, headless, with the bench page open.
 *
 * A persistent profile in a temporary folder, not chromium.launch() +
 * newContext(): Playwright's new contexts are off-the-record, and there
 * IndexedDB lives in memory. The side panel's IndexedDB is on disk, so the
 * bench's must be too.
 */
import { rmSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../support/chromium';
import { makeTempDir } from '../../support/paths';
import type { TaskArgs, TaskName, TaskResult } from '../tasks';
import { buildBenchPage } from './page-build';
import { serveFolder, type StaticServer } from './static-server';

export interface BenchBrowser {
  /** e.g. "146.0.7680.80" */
  version: string;
  run<K extends TaskName>(task: K, args: TaskArgs<K>): Promise<TaskResult<K>>;
  close(): Promise<void>;
}

export async function openBenchBrowser(): Promise<BenchBrowser> {
  const executablePath = chromiumPath();
  const server = await serveFolder(await buildBenchPage());
  const profile = makeTempDir('squircle-bench-');
  let context: BrowserContext | undefined;
  const cleanup = async () => {
    await context?.close().catch(() => {});
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: CHROMIUM_ARGS });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = collectErrors(page);
    await openPage(page, server, errors);
    // A persistent context has no Browser object to ask, and the user agent's
    // version is reduced to "N.0.0.0"; the DevTools protocol has the full one.
    const cdp = await context.newCDPSession(page);
    const { product } = await cdp.send('Browser.getVersion');
    await cdp.detach();
    const version = product.replace(/^\D+\//, '');
    return {
      version,
      async run(task, args) {
        try {
          // Typed at this method's signature; inside the page the task is looked up by name.
          const result: unknown = await page.evaluate(
            ([t, a]) => (window.squircleBench as unknown as Record<string, (x: unknown) => Promise<unknown>>)[t]!(a),
            [task as string, args as unknown] as const,
          );
          return result as TaskResult<typeof task>;
        } catch (err) {
          throw new Error(
            `Bench task "${task}" failed in Chromium: ${(err as Error).message}` +
              `${errors.length ? `\n${errors.join('\n')}` : ''}`,
          );
        }
      },
      close: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function openPage(page: Page, server: StaticServer, errors: string[]): Promise<void> {
  await page.goto(server.url);
  try {
    await page.waitForFunction(() => window.squircleBench !== undefined, undefined, { timeout: 15_000 });
  } catch {
    throw new Error(`The bench page did not start.\n${errors.join('\n') || '(no page errors reported)'}`);
  }
}

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(`console.error: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return errors;
}
