// README.md and docs/SECURITY.md name, for each privacy claim, the test that proves it: every test
// named there exists, and every claim row names at least one.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../../..');

function claimRows(file: string, heading: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const start = text.indexOf(heading);
  expect(start, `${file} has "${heading}"`).toBeGreaterThanOrEqual(0);
  const rest = text.slice(start + heading.length);
  const end = rest.search(/\n#{2,3} /);
  return (end < 0 ? rest : rest.slice(0, end))
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| Claim') && !l.startsWith('| ---'));
}

describe.each([
  ['README.md', '### What stays private'],
  ['docs/SECURITY.md', '## Claims and the tests that prove them'],
])('%s claims', (file, heading) => {
  it('each names a test, and every test named exists', () => {
    const rows = claimRows(file, heading);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const row of rows) {
      const tests = [...row.matchAll(/`(test\/[^`]+\.test\.tsx?)`/g)].map((m) => m[1]!);
      expect(tests.length, row).toBeGreaterThan(0);
      for (const t of tests) expect(existsSync(join(root, t)), t).toBe(true);
    }
  });
});
