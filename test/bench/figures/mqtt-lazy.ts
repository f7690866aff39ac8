/**
 * Whether the side panel loads the MQTT client (the co-leader channel's)
 * only when a channel is used, as issue 4 asks: "lazy", or before, "eager".
 *
 * Two checks, both must say lazy:
 * - In the build: no file of the panel's initial JS (figures/bundle.ts,
 *   `initialScripts`: entry script, modulepreloads, their static imports)
 *   holds MQTT.js code, and the MQTT chunk is reached by a dynamic import().
 * - At run time: the built extension in Chromium, sidepanel.html opened in
 *   a fresh profile, the vault created (so the panel is unlocked and
 *   running, with no co-leader channel): the scripts V8 parsed in the page
 *   (CDP Debugger.scriptParsed) do not include the MQTT chunk. As a check
 *   of the method, they must include every file of the initial JS.
 *
 * A file holds MQTT.js if its name starts with `mqtt` or its text has
 * `mqttjs_` (MQTT.js's default client-id prefix), so MQTT.js bundled into
 * another chunk counts too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { launchChromium } from '../../support/chromium';
import { createVault } from '../../support/panel';
import type { FigureSource } from '../lib/context';
import { CHROME_BUILD } from '../../support/paths';
import { initialScripts } from './bundle';

const holdsMqtt = (file: string, text: string) => /(^|\/)mqtt[.\-]/.test(file) || text.includes('mqttjs_');

export const mqttLazyFigure: FigureSource = {
  name: 'coleader mqtt lazy',
  async measure() {
    const all = jsFiles(CHROME_BUILD).map((f) => ({ file: relative(CHROME_BUILD, f), text: readFileSync(f, 'utf8') }));
    const mqttFiles = all.filter((f) => holdsMqtt(f.file, f.text)).map((f) => f.file);
    if (!mqttFiles.length) throw new Error(`no MQTT.js code found in ${CHROME_BUILD}`);
    const initial = initialScripts(join(CHROME_BUILD, 'sidepanel.html')).map((f) => relative(CHROME_BUILD, f));
    const eagerInBuild = initial.filter((f) => mqttFiles.includes(f));
    const importers = all
      .filter((f) =>
        mqttFiles.some((m) => new RegExp(`import\\(\\s*[\`'"][^\`'"]*${escape(base(m))}[\`'"]`).test(f.text)),
      )
      .map((f) => f.file);

    const loaded = await scriptsLoadedByPanel();
    const unseen = initial.filter((f) => !loaded.locked.includes(f));
    if (unseen.length)
      throw new Error(
        `the running panel did not show loading ${unseen.join(', ')}, which its HTML loads: ` +
          `the run-time check cannot be trusted`,
      );
    const eagerAtRun = [...loaded.locked, ...loaded.unlocked].filter((f) => mqttFiles.includes(f));
    const lazy = eagerInBuild.length === 0 && eagerAtRun.length === 0 && importers.length > 0;
    return [
      {
        id: 'bundle.sidepanel.mqtt',
        label: 'Side panel: MQTT client (co-leader channel) loaded',
        value: lazy ? 'lazy' : 'eager',
        unit: 'word',
        target: { is: 'lazy' },
        how:
          `MQTT.js in ${mqttFiles.join(', ')}; dynamic import() of it in ${importers.join(', ') || 'no file'}; ` +
          `initial JS (${initial.join(', ')}) holds it: ${eagerInBuild.length ? eagerInBuild.join(', ') : 'no'}; ` +
          `scripts loaded by the running panel, locked: ${loaded.locked.join(', ')}; ` +
          `unlocked, no channel: ${loaded.unlocked.join(', ')}`,
      },
    ];
  },
};

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => join(e.parentPath, e.name));
}

const base = (file: string) => file.split('/').pop()!;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The .js files (relative to the build) V8 has parsed in sidepanel.html, on
 * the lock screen and once unlocked, from CDP's Debugger.scriptParsed
 * (Resource Timing does not list chrome-extension:// module chunks).
 */
async function scriptsLoadedByPanel(): Promise<{ locked: string[]; unlocked: string[] }> {
  const s = await launchChromium();
  try {
    const panel = await s.context.newPage();
    const origin = `chrome-extension://${s.extensionId}/`;
    const parsed = new Set<string>();
    const cdp = await s.context.newCDPSession(panel);
    cdp.on('Debugger.scriptParsed', (e) => {
      if (e.url.startsWith(origin) && e.url.endsWith('.js')) parsed.add(e.url.slice(origin.length));
    });
    await cdp.send('Debugger.enable');
    await panel.goto(s.extUrl('sidepanel.html'));
    await panel.waitForSelector('#new-pass');
    const locked = [...parsed].sort();
    await createVault(panel);
    await panel.waitForTimeout(1000);
    const unlocked = [...parsed].sort();
    await cdp.detach();
    return { locked, unlocked };
  } finally {
    await s.close();
  }
}
