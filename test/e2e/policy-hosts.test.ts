// Issue 19: a clinic's self-hosted server through a real Chromium policy file
// (extraPlatformHosts). The settings list it as managed, without Remove; once
// staff allow it (the browser's prompt, answered with the display's keyboard)
// the content script is registered there and its call page is read; when the
// clinic's policy drops the host, the script is unregistered and the
// permission given back. Writes /etc/chromium/policies (machine-wide), like
// policy.test.ts; a copy of the build under a throwaway key keeps it to this test.
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { CallState } from '../../ext/common/call-state';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { HOSTED_FIXTURES, routeFixtures } from '../support/fixtures-server';
import {
  chromiumPolicyUnavailable,
  managedInWorker,
  rekeyedChromeBuild,
  removeChromiumPolicy,
  writeChromiumPolicy,
  type RekeyedBuild,
} from './support/policy';

const unavailable = chromiumPolicyUnavailable();
if (unavailable) console.warn(`test/e2e/policy-hosts.test.ts is skipped: ${unavailable}`);
const canPrompt = !!process.env.DISPLAY && spawnSync('sh', ['-c', 'command -v xdotool']).status === 0;
const POLL = { timeout: 15_000 };
const HOST = 'jitsi.clinic.example';

describe.skipIf(!!unavailable || !canPrompt)("a clinic's self-hosted server from a Chromium policy file", () => {
  let build: RekeyedBuild;
  let s: ChromiumSession;
  let options: Page;
  const registered = () =>
    s.serviceWorker.evaluate(async () =>
      (await chrome.scripting.getRegisteredContentScripts()).map((r) => ({ id: r.id, matches: r.matches })),
    );
  const holds = () =>
    s.serviceWorker.evaluate((o) => chrome.permissions.contains({ origins: [o] }), `https://${HOST}/*`);

  beforeAll(async () => {
    build = rekeyedChromeBuild();
    writeChromiumPolicy(build.extensionId, { clinicName: 'Riverbend', extraPlatformHosts: [HOST] });
    s = await launchChromium({
      headless: false,
      args: ['--host-resolver-rules=MAP *.clinic.example 127.0.0.1', ...build.args],
    });
    expect(s.extensionId).toBe(build.extensionId);
    await managedInWorker(s.serviceWorker);
    await routeFixtures(s.context);
    options = await s.context.newPage();
    await options.goto(s.extUrl('options.html'));
  });
  afterAll(async () => {
    await s?.close();
    removeChromiumPolicy();
    build?.remove();
  });

  test('listed as managed; registered and read once allowed', async () => {
    await options.waitForSelector(`[data-call-host="${HOST}"][data-allowed="no"]`);
    expect(await options.textContent(`[data-call-host="${HOST}"] [data-locked]`)).toContain('Managed by Riverbend');
    expect(await options.locator(`button[aria-label="Remove ${HOST}"]`).count()).toBe(0);
    expect(await registered()).toEqual([]);

    await options.click(`button[aria-label="Allow Squircle on ${HOST}"]`);
    await options.waitForTimeout(1000);
    execFileSync('xdotool', ['key', 'Tab']);
    await options.waitForTimeout(300);
    execFileSync('xdotool', ['key', 'Return']);
    await options.waitForSelector(`[data-call-host="${HOST}"][data-allowed="yes"]`);
    await expect.poll(registered, POLL).toEqual([{ id: 'call-hosted', matches: [`https://${HOST}/*`] }]);

    const call = await s.context.newPage();
    await call.goto(HOSTED_FIXTURES['jitsi-hosted'].url);
    const states = () =>
      s.serviceWorker.evaluate(async () =>
        Object.values(await chrome.storage.session.get(null)).filter(
          (v): v is CallState => typeof v === 'object' && v !== null && 'platform' in v,
        ),
      );
    await expect.poll(states, POLL).toMatchObject([{ platform: 'jitsi', inCall: true, meetingId: 'SquircleGroup' }]);
    await call.close();
  });

  test('the policy dropping the host unregisters the script and gives the permission back', async () => {
    writeChromiumPolicy(build.extensionId, { clinicName: 'Riverbend', extraPlatformHosts: [] });
    await expect
      .poll(() => s.serviceWorker.evaluate(() => chrome.storage.managed.get('extraPlatformHosts')), POLL)
      .toEqual({ extraPlatformHosts: [] });
    await expect.poll(registered, POLL).toEqual([]);
    await expect.poll(holds, POLL).toBe(false);
    await options.waitForSelector(`[data-call-host="${HOST}"]`, { state: 'detached' });
  });
});
