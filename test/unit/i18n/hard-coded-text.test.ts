// No component shows English written into its code: visible text comes from t() (util/i18n.ts, locales/).
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const SCANNED = ['components', 'entrypoints/sidepanel', 'entrypoints/options'];

/** Attributes and props whose value is shown or read aloud. */
const SHOWN =
  /^(label|title|aria-label|aria-description|placeholder|alt|help|hint|text|description|confirm\w*|empty\w*)$/;
/** Text with a word in it (a lone "·" is not a label); the product's name is the same in every language. */
const WORDY = /^(?!\s*Squircle\s*$)[^]*\p{L}{2,}/u;

/** Files whose text is not extracted yet (it is, folder by folder); each must still have some. */
const NOT_YET = new Set<string>([]);

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : [],
  );
}

/** Where a file shows text of its own: JSX text, a shown attribute, a label in an object, a string child. */
export function hardCoded(source: string, name = 'x.tsx'): string[] {
  const file = ts.createSourceFile(name, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const at = (n: ts.Node, text: string) =>
    found.push(`${file.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${text.trim().slice(0, 60)}`);
  const literal = (n: ts.Node | undefined): string | undefined =>
    n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n))
      ? n.text
      : n && ts.isTemplateExpression(n)
        ? n.head.text + n.templateSpans.map((s) => s.literal.text).join(' ')
        : undefined;
  /** The strings an expression may end as: both sides of a condition, the right of `a && 'b'`. */
  const ends = (e: ts.Node | undefined): ts.Node[] =>
    !e
      ? []
      : ts.isParenthesizedExpression(e)
        ? ends(e.expression)
        : ts.isConditionalExpression(e)
          ? [...ends(e.whenTrue), ...ends(e.whenFalse)]
          : ts.isBinaryExpression(e)
            ? ends(e.right)
            : [e];
  const check = (e: ts.Node | undefined) => {
    for (const s of ends(e)) {
      const v = literal(s);
      if (v !== undefined && WORDY.test(v)) at(s, v);
    }
  };
  const visit = (n: ts.Node): void => {
    if (ts.isJsxText(n) && WORDY.test(n.text)) at(n, n.text);
    if (ts.isJsxAttribute(n) && SHOWN.test(n.name.getText())) {
      const init = n.initializer;
      check(init && ts.isJsxExpression(init) ? init.expression : init);
    }
    if (ts.isPropertyAssignment(n) && SHOWN.test(n.name.getText())) check(n.initializer);
    if (ts.isJsxExpression(n) && n.parent && (ts.isJsxElement(n.parent) || ts.isJsxFragment(n.parent)))
      check(n.expression);
    ts.forEachChild(n, visit);
  };
  visit(file);
  return found;
}

describe('hard-coded text', () => {
  const all = SCANNED.flatMap(files);

  it('finds the text a component could show', () => {
    const src = `const L = [{ id: 'a', label: 'Session' }];
      export const X = () =>
        <p title="Hint here" class="quiet">Hello there {n ? 'Yes please' : t('k')} · {t('x')}</p>;`;
    expect(hardCoded(src).map((s) => s.replace(/^\d+: /, ''))).toEqual([
      'Session',
      'Hint here',
      'Hello there',
      'Yes please',
    ]);
    expect(hardCoded(`export const Y = () => <p class="quiet managed" data-x="ab">{t('k')} · {count}</p>;`)).toEqual(
      [],
    );
  });

  it.each(all.filter((f) => !NOT_YET.has(f)))('%s shows no text of its own', (f) => {
    expect(hardCoded(readFileSync(join(ROOT, f), 'utf8'), f)).toEqual([]);
  });

  it('lists as not yet extracted only files that still have text', () => {
    const done = [...NOT_YET].filter((f) => hardCoded(readFileSync(join(ROOT, f), 'utf8'), f).length === 0);
    expect(done, 'extracted: remove from NOT_YET').toEqual([]);
    expect([...NOT_YET].filter((f) => !all.includes(f)).map((f) => relative(ROOT, f))).toEqual([]);
  });
});
