// Every Markdown file the repository names must exist in it: a comment, a lint
// message, a script or a doc that sends a reader to a missing page leaves them
// nowhere. A name is resolved against the repository root and against the
// folder of the file that names it; either will do. Web addresses are other
// projects' pages and are left alone, as are names built at run time
// (`${base}-member.md`).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Build output, installed packages, tool caches and vendored third-party files. */
const SKIP_DIRS = new Set([
  '.git',
  'node_modules',
  '.output',
  '.wxt',
  '.stryker-tmp',
  'reports',
  'test-results',
  'tmp',
  join('test', 'vectors'),
]);
const TEXT = /\.(ts|tsx|js|mjs|cjs|mts|json|md|html|css|ya?ml|sh|toml)$/;
const MD = '.' + 'md';

/** The text files of the repository that can name a Markdown file. */
function sourceFiles(dir = ROOT): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const rel = relative(ROOT, path);
    if (statSync(path).isDirectory()) return SKIP_DIRS.has(rel) ? [] : sourceFiles(path);
    if (name === 'package-lock.json') return [];
    // Scripts without an extension (.ci/run) count too.
    return TEXT.test(name) || rel.startsWith(`.ci${sep}`) ? [path] : [];
  });
}

/** The Markdown file names a text mentions, with their line numbers. */
export function mentions(text: string): { name: string; line: number }[] {
  const found: { name: string; line: number }[] = [];
  text.split('\n').forEach((lineText, i) => {
    const withoutUrls = lineText.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' ');
    for (const m of withoutUrls.matchAll(/[\w./@-]+\.md\b/g)) {
      const before = withoutUrls[m.index - 1] ?? '';
      // `${base}-member.md`, `${c}.md`: a file name made at run time.
      if (before === '}' || before === '$') continue;
      const name = m[0].replace(/^\.\//, '');
      // `.md` alone (an extension in a pattern or a glob) names no file.
      if (name === MD || name.endsWith('/' + MD) || name.startsWith('-')) continue;
      found.push({ name, line: i + 1 });
    }
  });
  return found;
}

/** The relative targets of a Markdown text's inline links, without their #anchor. */
export function relativeLinks(text: string): { target: string; line: number }[] {
  const found: { target: string; line: number }[] = [];
  let inCode = false;
  text.split('\n').forEach((lineText, i) => {
    if (lineText.trimStart().startsWith('```')) inCode = !inCode;
    if (inCode) return;
    for (const m of lineText.matchAll(/\]\((?:<([^>]+)>|([^)\s]+))\)/g)) {
      const target = decodeURI((m[1] ?? m[2] ?? '').split('#')[0] ?? '');
      if (!target || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      found.push({ target, line: i + 1 });
    }
  });
  return found;
}

/** Whether a mentioned name is a file in the repository, from the root or from the citing file's folder. */
export function resolves(name: string, citingFile: string): boolean {
  if (name.startsWith('/')) return false;
  return [join(ROOT, name), join(dirname(citingFile), name)].some(
    (p) => (p === ROOT || p.startsWith(ROOT + sep)) && existsSync(p) && statSync(p).isFile(),
  );
}

function dangling(files: string[], read: (f: string) => string = (f) => readFileSync(f, 'utf8')): string[] {
  return files.flatMap((file) =>
    mentions(read(file))
      .filter(({ name }) => !resolves(name, file))
      .map(({ name, line }) => `${relative(ROOT, file)}:${line} names ${name}, which is not in the repository`),
  );
}

describe('Markdown references', () => {
  const files = sourceFiles();

  it('looks where references live: code, lint rules, scripts, docs', () => {
    const rel = files.map((f) => relative(ROOT, f));
    for (const f of ['eslint.config.js', 'README.md', 'DEPLOYMENT.md', 'calls/watch.ts', '.ci/run', 'package.json'])
      expect(rel).toContain(f);
    expect(rel.some((f) => f.startsWith('node_modules'))).toBe(false);
  });

  it('finds a dangling name and accepts a real one (the check can fail)', () => {
    const citing = join(ROOT, 'calls', 'watch.ts');
    const text = [
      '// see NOWHERE' + MD + ' and broker/README' + MD,
      "const m = 'Pure functions (DESIGN" + MD + ").';",
      '[link](../README' + MD + '#top), /work/shared/PLATFORMS' + MD,
      'https://github.com/google/leveldb/blob/main/doc/table_format' + MD,
      'download(`${base}-member' + MD + '`); `${c}' + MD + '`; files ending in *' + MD,
    ].join('\n');
    expect(mentions(text).map((m) => m.name)).toEqual([
      'NOWHERE' + MD,
      'broker/README' + MD,
      'DESIGN' + MD,
      '../README' + MD,
      '/work/shared/PLATFORMS' + MD,
    ]);
    expect(dangling([citing], () => text)).toEqual([
      `calls/watch.ts:1 names NOWHERE${MD}, which is not in the repository`,
      `calls/watch.ts:2 names DESIGN${MD}, which is not in the repository`,
      `calls/watch.ts:3 names /work/shared/PLATFORMS${MD}, which is not in the repository`,
    ]);
  });

  it('resolves from the root and from the citing file, never outside the repository', () => {
    expect(resolves('README' + MD, join(ROOT, 'calls', 'watch.ts'))).toBe(true);
    expect(resolves('db/README' + MD, join(ROOT, 'test', 'fixtures', 'x.ts'))).toBe(true);
    expect(resolves('db/README' + MD, join(ROOT, 'calls', 'watch.ts'))).toBe(false);
    expect(resolves('broker', join(ROOT, 'README' + MD))).toBe(false);
    expect(resolves('README' + MD, join(ROOT, 'test', 'fixtures', 'db', 'generate.ts'))).toBe(true);
    expect(resolves('../' + relative(dirname(ROOT), ROOT) + '/README' + MD, join(ROOT, 'x.ts'))).toBe(true);
    expect(resolves('../../README' + MD, join(ROOT, 'README' + MD))).toBe(false);
  });

  it('every Markdown file named anywhere exists', () => {
    expect(dangling(files)).toEqual([]);
  });

  it('every relative link in the Markdown documents reaches a file or folder', () => {
    const broken = files
      .filter((f) => f.endsWith(MD))
      .flatMap((file) =>
        relativeLinks(readFileSync(file, 'utf8'))
          .filter(({ target }) => !existsSync(resolve(dirname(file), target)))
          .map(({ target, line }) => `${relative(ROOT, file)}:${line} links ${target}, which does not exist`),
      );
    expect(broken).toEqual([]);
  });

  it('reads relative links and leaves web addresses and anchors alone', () => {
    expect(
      relativeLinks(
        '[a](docs/X' + MD + '#top) [b](https://x.example/y) [c](#here)\n[d](policy/examples/) [e](<a b.json>)',
      ),
    ).toEqual([
      { target: 'docs/X' + MD, line: 1 },
      { target: 'policy/examples/', line: 2 },
      { target: 'a b.json', line: 2 },
    ]);
  });
});
