// Visual regression: a screenshot compared pixel by pixel with its committed
// baseline in test/e2e/baselines/. A pixel counts as changed past pixelmatch's
// colour threshold (0.1, anti-aliasing ignored); a picture fails when more than
// 0.2 % of its pixels changed or its size did. The diff is written to
// test/e2e/artifacts/ beside the screenshot. SQUIRCLE_UPDATE_BASELINES=1
// writes the new pictures as the baselines instead (look at them first).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { REPO_ROOT } from '../../support/paths';

export const BASELINES = join(REPO_ROOT, 'test/e2e/baselines');
export const ARTIFACTS = join(REPO_ROOT, 'test/e2e/artifacts');
const MAX_CHANGED = 0.002;

/** Undefined when `png` matches the baseline `name`; otherwise what differs, in words. */
export function compareWithBaseline(name: string, png: Buffer): string | undefined {
  const file = join(BASELINES, `${name}.png`);
  if (process.env.SQUIRCLE_UPDATE_BASELINES === '1') {
    mkdirSync(BASELINES, { recursive: true });
    writeFileSync(file, png);
    return undefined;
  }
  if (!existsSync(file)) return `${name}: no baseline at ${file} (SQUIRCLE_UPDATE_BASELINES=1 writes it)`;
  const want = PNG.sync.read(readFileSync(file));
  const got = PNG.sync.read(png);
  if (want.width !== got.width || want.height !== got.height)
    return `${name}: ${got.width}x${got.height} px, the baseline is ${want.width}x${want.height} px`;
  const diff = new PNG({ width: got.width, height: got.height });
  const changed = pixelmatch(want.data, got.data, diff.data, got.width, got.height, { threshold: 0.1 });
  const share = changed / (got.width * got.height);
  if (share <= MAX_CHANGED) return undefined;
  mkdirSync(ARTIFACTS, { recursive: true });
  const out = join(ARTIFACTS, `${name}.diff.png`);
  writeFileSync(out, PNG.sync.write(diff));
  return `${name}: ${(share * 100).toFixed(2)} % of pixels changed (diff at ${out})`;
}
