/**
 * Builds the bench page with Vite the way the extension's pages are built
 * (production mode, minified, es2022), so the code timed in Chromium is the
 * code users run. No config file: the bench page needs no plugins.
 */
import { build } from 'vite';
import { PAGE_OUT, PAGE_SRC } from './paths';

export async function buildBenchPage(): Promise<string> {
  await build({
    configFile: false,
    root: PAGE_SRC,
    base: './',
    mode: 'production',
    logLevel: 'warn',
    build: { outDir: PAGE_OUT, emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: false },
  });
  return PAGE_OUT;
}
