// DEPLOYMENT.md shows each example policy written out for each platform; the
// blocks there must be exactly what the examples say, so that a changed
// example cannot leave a stale copy in the guide.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_NAMES, FORMATS, docBlock, type FormatName } from './deployment-formats';

const ROOT = join(import.meta.dirname, '../../..');
const doc = readFileSync(join(ROOT, 'DEPLOYMENT.md'), 'utf8');
const schema = JSON.parse(readFileSync(join(ROOT, 'policy/managed-schema.json'), 'utf8')) as {
  properties: Record<string, unknown>;
};

describe('DEPLOYMENT.md', () => {
  const cases = EXAMPLE_NAMES.flatMap((name) =>
    (Object.keys(FORMATS) as FormatName[]).map((format) => [name, format] as const),
  );
  it.each(cases)('shows %s as %s exactly', (name, format) => {
    const block = docBlock(name, format);
    expect(doc.includes(block), `DEPLOYMENT.md should contain this block for ${name} (${format}):\n${block}`).toBe(
      true,
    );
  });

  it('describes every key of the schema in its table', () => {
    const table = doc.slice(doc.indexOf('## 1. What a clinic can set'), doc.indexOf('## 2.'));
    for (const key of Object.keys(schema.properties)) expect(table, key).toContain(`| \`${key}\` |`);
  });
});
