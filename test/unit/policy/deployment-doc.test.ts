// policy/examples/<name>/ holds each example policy written out for each
// platform, and DEPLOYMENT.md links to those files. They must be exactly what
// the example's plain values say, so that a changed example cannot leave a
// stale copy behind. JSON is compared by content (Prettier lays it out);
// .reg and .mobileconfig byte for byte.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_NAMES, FORMATS, examplePath, rendered, type FormatName } from './deployment-formats';

const ROOT = join(import.meta.dirname, '../../..');
const doc = readFileSync(join(ROOT, 'DEPLOYMENT.md'), 'utf8');
const schema = JSON.parse(readFileSync(join(ROOT, 'policy/managed-schema.json'), 'utf8')) as {
  properties: Record<string, unknown>;
};
const REGENERATE = 'npx vite-node test/unit/policy/write-examples.ts';

const cases = EXAMPLE_NAMES.flatMap((name) =>
  (Object.keys(FORMATS) as FormatName[]).map((format) => [name, format] as const),
);

describe('policy/examples written out per platform', () => {
  it.each(cases)('%s as %s is what the generator makes', (name, format) => {
    const path = examplePath(name, format);
    expect(existsSync(path), `${relative(ROOT, path)} is missing: ${REGENERATE}`).toBe(true);
    const file = readFileSync(path, 'utf8');
    const expected = rendered(name, format);
    const stale = `${relative(ROOT, path)} differs from policy/examples/${name}.json: ${REGENERATE}`;
    if (path.endsWith('.json')) {
      // Key order and values count, layout does not.
      expect(JSON.stringify(JSON.parse(file), null, 2), stale).toBe(expected);
    } else {
      expect(file.replace(/(\r?\n)$/, ''), stale).toBe(expected);
    }
  });

  it('the .reg files keep the CRLF line ends regedit expects', () => {
    for (const name of EXAMPLE_NAMES) {
      const reg = readFileSync(examplePath(name, 'windows-reg'), 'utf8');
      expect(reg.split('\n').length).toBeGreaterThan(3);
      expect(reg.replace(/\r\n/g, '')).not.toContain('\n');
    }
  });
});

describe('DEPLOYMENT.md', () => {
  it.each(cases)('links %s as %s', (name, format) => {
    const link = relative(ROOT, examplePath(name, format));
    expect(doc, `DEPLOYMENT.md should link ${link}`).toContain(`](${encodeURI(link)})`);
  });

  it('describes every key of the schema in its table', () => {
    const table = doc.slice(doc.indexOf('## 1. What a clinic can set'), doc.indexOf('## 2.'));
    expect(table.length).toBeGreaterThan(0);
    for (const key of Object.keys(schema.properties)) {
      // Prettier may pad table cells, so the cell is matched with any spacing.
      expect(table, key).toMatch(new RegExp(`^\\|\\s*\`${key}\`\\s*\\|`, 'm'));
    }
  });
});
