// README's Architecture section and docs/ARCHITECTURE.md list every top-level folder the
// repository tracks, so that a newcomer finds each part described where they start reading.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Top-level folders with tracked files, dot folders (.ci) left out. */
function trackedFolders(): string[] {
  const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
  const folders = new Set(files.filter((f) => f.includes('/')).map((f) => f.split('/')[0]!));
  return [...folders].filter((f) => !f.startsWith('.')).sort();
}

/** The folders a text lists as `name/` at the start of a line or a list item. */
export function listedFolders(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(/^(?:- `)?([a-z][\w-]*)\/`?[\s:]/gm)) found.add(m[1]!);
  return found;
}

function architectureSection(readme: string): string {
  const start = readme.indexOf('## Architecture');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('every top-level folder is described', () => {
  const folders = trackedFolders();
  it('the repository has folders to check', () => expect(folders).toContain('crypto'));
  it("in README's Architecture section", () => {
    const listed = listedFolders(architectureSection(readFileSync(resolve(ROOT, 'README.md'), 'utf8')));
    expect(folders.filter((f) => !listed.has(f))).toEqual([]);
  });
  it('in docs/ARCHITECTURE.md', () => {
    const listed = listedFolders(readFileSync(resolve(ROOT, 'docs/ARCHITECTURE.md'), 'utf8'));
    expect(folders.filter((f) => !listed.has(f))).toEqual([]);
  });
  it('the listing is read as written: a folder left out is found', () => {
    expect(listedFolders('crypto/   pure\n- `storage/`: sealed\n')).toEqual(new Set(['crypto', 'storage']));
    expect(listedFolders('see crypto/ and storage/\n').size).toBe(0);
  });
});
