import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CHROME_BUILD = join(REPO_ROOT, '.output/chrome-mv3');
export const PAGE_SRC = join(REPO_ROOT, 'test/bench/page');
export const PAGE_OUT = join(REPO_ROOT, '.output/bench-page');
export const RESULTS_JSON = join(REPO_ROOT, '.output/bench.json');
