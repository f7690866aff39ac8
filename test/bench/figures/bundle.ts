/**
 * What the built Chromium extension ships: the content script a call page
 * loads (the largest of the manifest's scripts, one per group of platforms,
 * calls/scripts.ts), and the JavaScript the side panel must fetch before it can
 * render (its entry script, modulepreloads, and their static imports;
 * dynamic imports are left out). That is what the locked panel loads
 * before its passphrase field is interactive: figures/panel-open.ts checks
 * it on the running panel and reports what loads after.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FigureSource } from '../lib/context';
import type { Figure } from '../lib/figure';
import { CHROME_BUILD } from '../../support/paths';

const CALL_GZIP_TARGET = { max: 4096 };
/** A string only each library's code holds, to say which of them the initial JS carries. */
const LIBRARIES: [name: string, marker: string][] = [
  ['Dexie', 'DexieError'],
  ['tweetnacl', 'bad nonce size'],
  ['hash-wasm', 'AGFzbQ'], // "\0asm", the start of its inlined WebAssembly, in base64
  ['MQTT.js', 'mqttjs_'],
];
/** 60 KB: the MQTT client (co-leader channel) must load lazily to fit (issue 4). */
const PANEL_GZIP_TARGET = { max: 60 * 1024 };

export const bundleFigures: FigureSource = {
  name: 'bundle',
  async measure() {
    if (!existsSync(join(CHROME_BUILD, 'manifest.json'))) {
      throw new Error(`No built extension at ${CHROME_BUILD}; run \`npm run build\` first.`);
    }
    const manifest = JSON.parse(readFileSync(join(CHROME_BUILD, 'manifest.json'), 'utf8')) as {
      content_scripts: { js: string[] }[];
    };
    const scripts = manifest.content_scripts
      .flatMap((c) => c.js)
      .map((f) => ({ f, ...sizes([join(CHROME_BUILD, f)]) }));
    const call = scripts.reduce((a, b) => (b.gzip > a.gzip ? b : a));
    const panelFiles = initialScripts(join(CHROME_BUILD, 'sidepanel.html'));
    const panel = sizes(panelFiles);
    const list = panelFiles.map((f) => relative(CHROME_BUILD, f)).join(', ');
    const texts = panelFiles.map((f) => readFileSync(f, 'utf8'));
    const held = LIBRARIES.filter(([, marker]) => texts.some((t) => t.includes(marker))).map(([name]) => name);
    return [
      { id: 'bundle.call.raw', label: `Content script ${call.f} (the largest), raw`, value: call.raw, unit: 'B' },
      {
        id: 'bundle.call.gzip',
        label: `Content script ${call.f} (the largest), gzip`,
        value: call.gzip,
        unit: 'B',
        target: CALL_GZIP_TARGET,
        how: `gzip -9; every script: ${scripts.map((s) => `${s.f} ${s.gzip} B`).join(', ')}`,
      },
      {
        id: 'bundle.sidepanel.raw',
        label: `Side panel initial JS (${panelFiles.length} files), raw`,
        value: panel.raw,
        unit: 'B',
        how: list,
      },
      {
        id: 'bundle.sidepanel.gzip',
        label: `Side panel initial JS (${panelFiles.length} files), gzip`,
        value: panel.gzip,
        unit: 'B',
        target: PANEL_GZIP_TARGET,
        how:
          `sum of gzip -9 per file: ${list}; ` +
          `holds ${held.join(', ') || `none of ${LIBRARIES.map(([n]) => n).join(', ')}`}`,
      },
    ] satisfies Figure[];
  },
};

function sizes(files: string[]): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const bytes = readFileSync(f);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

/** Scripts and modulepreloads named by the page, then their static imports, each once. */
export function initialScripts(htmlFile: string): string[] {
  const html = readFileSync(htmlFile, 'utf8');
  const root = dirname(htmlFile);
  const start = [
    ...[...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]!),
  ].map((src) => resolveFrom(root, root, src));
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file) || !file.endsWith('.js')) continue;
    seen.add(file);
    queue.push(...staticImports(readFileSync(file, 'utf8')).map((s) => resolveFrom(root, dirname(file), s)));
  }
  return [...seen];
}

/** `import … from "x"`, `import "x"`, `export … from "x"` in minified ESM; `import("x")` is not matched. */
function staticImports(js: string): string[] {
  const re = /(?:^|[;}\s)])(?:import|export)\s*(?:[\w$*{},\s]+?\s*from\s*)?["']([^"']+\.js)["']/g;
  return [...js.matchAll(re)].map((m) => m[1]!);
}

function resolveFrom(root: string, dir: string, spec: string): string {
  return spec.startsWith('/') ? join(root, spec) : resolve(dir, spec);
}
