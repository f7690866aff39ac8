// Where the bench keeps its page and its results; the repository and the build are in test/support/paths.ts.
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/paths';

export const PAGE_SRC = join(REPO_ROOT, 'test/bench/page');
export const PAGE_OUT = join(REPO_ROOT, '.output/bench-page');
export const RESULTS_JSON = join(REPO_ROOT, '.output/bench.json');
