// Some browsers' enhanced spellcheck sends what is typed to a server. Every extension page turns
// spellcheck off on its root element, so every field in it (notes, names, markers, safety records)
// inherits spellcheck="false", and no field turns it back on.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../../..');
const pages = readdirSync(join(root, 'entrypoints'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(root, 'entrypoints', d.name, 'index.html'))
  .filter((f) => {
    try {
      return readFileSync(f).length > 0;
    } catch {
      return false;
    }
  });

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : /\.tsx$/.test(d.name) ? [join(dir, d.name)] : [],
  );
}

describe('spellcheck', () => {
  it('is off on the root element of every extension page', () => {
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages) expect(readFileSync(page, 'utf8'), page).toMatch(/<html lang="en" spellcheck="false">/);
  });

  it('is never turned back on by a component', () => {
    const on = sources(join(root, 'components')).filter((f) =>
      /spellcheck=\{true\}|spellcheck="true"|spellCheck/.test(readFileSync(f, 'utf8')),
    );
    expect(on).toEqual([]);
  });
});
