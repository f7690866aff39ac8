/**
 * Reads a call-page fixture from test/fixtures/platforms/ as a browser would get
 * it. Fixtures of platforms that share one page shape (generic-call.js and .css)
 * name the shared file in an empty <script> or <style> with data-fixture-include;
 * it is put inline here, so a fixture is one self-contained page for the route,
 * for Firefox's interception and for linkedom in unit tests alike.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from './paths';

const INCLUDE = /<(script|style) data-fixture-include="([\w.-]+)"><\/\1>/g;

export function readFixture(file: string): string {
  const html = readFileSync(join(FIXTURES_DIR, file), 'utf8');
  return html.replace(
    INCLUDE,
    (_, tag: string, included: string) => `<${tag}>\n${readFileSync(join(FIXTURES_DIR, included), 'utf8')}</${tag}>`,
  );
}
