// Store assets, generated from the built extension (npm run zip runs it):
//   public/icon/{16,32,48,96,128}.png   the toolbar and store icons, drawn from store/icon.svg
//   store/screenshots/*.png              1280x800 screenshots of the practice call with the panel beside it
// Run alone: npm run build && npx vite-node store/generate.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/support/chromium';
import { PASSPHRASE } from '../test/support/panel';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ICONS = join(ROOT, 'public', 'icon');
const SHOTS = join(ROOT, 'store', 'screenshots');
export const ICON_SIZES = [16, 32, 48, 96, 128];
const WIDTH = 1280;
const HEIGHT = 800;
const PANEL = 420;

const s = await launchChromium();
try {
  mkdirSync(ICONS, { recursive: true });
  mkdirSync(SHOTS, { recursive: true });
  const svg = readFileSync(join(ROOT, 'store', 'icon.svg'), 'utf8');
  const canvas = await s.context.newPage();
  for (const size of ICON_SIZES) {
    await canvas.setViewportSize({ width: size, height: size });
    const style = `html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}`;
    await canvas.setContent(`<style>${style}</style>${svg}`);
    writeFileSync(join(ICONS, `${size}.png`), await canvas.screenshot({ omitBackground: true }));
  }

  // The practice call on the left, the panel following its tab on the right, at the stores' 1280x800.
  await s.context.clock.install();
  const call = await s.context.newPage();
  await call.setViewportSize({ width: WIDTH - PANEL, height: HEIGHT });
  await call.goto(s.extUrl('practice.html'));
  await call.waitForFunction(() => (window as { fixture?: { ready: boolean } }).fixture?.ready === true);
  const tab = await call.evaluate(async () => (await chrome.tabs.getCurrent())!.id!);
  const panel = await s.context.newPage();
  await panel.setViewportSize({ width: PANEL, height: HEIGHT });
  await panel.goto(s.extUrl(`sidepanel.html?tab=${tab}`));
  await panel.fill('#new-pass', PASSPHRASE);
  await panel.fill('#new-pass-again', PASSPHRASE);
  await panel.click('button:has-text("Create vault")');
  await panel.waitForSelector('[data-firstrun-step="sample"]');
  await compose(call, panel, 'first-run');

  await panel.click('.firstrun button:has-text("Add a sample group")');
  await panel.click('.firstrun button:has-text("Start the sample session")');
  await panel.click('section.markerbar button.primary:text-is("Mark")');
  await panel.waitForSelector('[data-firstrun-step="done"]');
  await panel.click('.firstrun button:has-text("Done")');
  await call.selectOption('#scenario', 'late-and-behind');
  await call.click('#play');
  await s.context.clock.fastForward(41_000);
  await panel.click('section.markerbar button:text-is("Behind the screen")');
  await panel.click('section.markerbar button[data-code="background.seen"]');
  await s.context.clock.fastForward(50_000);
  await compose(call, panel, 'scenario');

  await s.context.clock.fastForward(160_000);
  await panel.click('nav[aria-label="Panel"] button:has-text("Practice")');
  await panel.waitForSelector('[data-debrief]');
  await compose(call, panel, 'debrief');
} finally {
  await s.close();
}

/** Both pages side by side in one 1280x800 image. */
async function compose(call: Page, panel: Page, name: string): Promise<void> {
  const left = (await call.screenshot()).toString('base64');
  const right = (await panel.screenshot()).toString('base64');
  const page = await s.context.newPage();
  await page.setViewportSize({ width: WIDTH, height: HEIGHT });
  await page.setContent(
    '<style>body{margin:0;display:flex}img{display:block}.p{border-left:1px solid #c9cfcc}</style>' +
      `<img src="data:image/png;base64,${left}"><img class="p" src="data:image/png;base64,${right}">`,
  );
  writeFileSync(join(SHOTS, `${name}.png`), await page.screenshot());
  await page.close();
  console.log(`store/screenshots/${name}.png`);
}
