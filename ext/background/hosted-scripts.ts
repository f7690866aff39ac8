import { browser } from 'wxt/browser';
import { HOSTED_SCRIPT, planHosted } from '../../calls/hosted';
import { ALL_MATCHES } from '../../calls/platforms';
import { callHosts } from '../../policy/settings';
import { effectiveSettings, onSettingsChanged } from '../common/settings-store';

const SCRIPT_FILE = `/${HOSTED_SCRIPT}.js` as const;

/**
 * Brings the registered content script of self-hosted servers in line with
 * the hosts in force (clinic policy and the clinician's own, calls/hosted.ts)
 * and the host permissions the browser granted: registered on each granted
 * host, unregistered when none is left, and the permission of a host no
 * longer listed given back (`release`: not when a permission was just granted,
 * since the page that asked for it lists the host only once it has it). Pages
 * already open on a newly registered host get the script at once. The same in
 * Chromium and Firefox (scripting API).
 */
async function syncOnce(releaseUnlisted: boolean): Promise<void> {
  const hosts = callHosts(await effectiveSettings());
  const { origins = [] } = await browser.permissions.getAll();
  const { matches, release } = planHosted(hosts, origins, ALL_MATCHES);
  if (releaseUnlisted && release.length) await browser.permissions.remove({ origins: release });
  const [current] = await browser.scripting.getRegisteredContentScripts({ ids: [HOSTED_SCRIPT] });
  const before = [...(current?.matches ?? [])].sort();
  if (before.join('\n') === matches.join('\n')) return;
  if (current) await browser.scripting.unregisterContentScripts({ ids: [HOSTED_SCRIPT] });
  if (!matches.length) return;
  await browser.scripting.registerContentScripts([
    { id: HOSTED_SCRIPT, js: [SCRIPT_FILE], matches, runAt: 'document_idle', allFrames: false },
  ]);
  const added = matches.filter((m) => !before.includes(m));
  for (const tab of await browser.tabs.query({ url: added })) {
    if (tab.id === undefined) continue;
    await browser.scripting.executeScript({ target: { tabId: tab.id }, files: [SCRIPT_FILE] }).catch(() => undefined);
  }
}

let queue: Promise<void> = Promise.resolve();

/** Runs syncOnce after any run still going, so two changes never register at once. */
export function syncHostedScripts(releaseUnlisted = true): Promise<void> {
  queue = queue
    .then(() => syncOnce(releaseUnlisted))
    .catch((e: unknown) => console.warn('Squircle: self-hosted servers not updated', e));
  return queue;
}

/** Background wiring: at start, and whenever the hosts or the granted permissions change. */
export function startHostedScripts(): void {
  void syncHostedScripts();
  onSettingsChanged(() => void syncHostedScripts());
  browser.permissions.onAdded.addListener(() => void syncHostedScripts(false));
  browser.permissions.onRemoved.addListener(() => void syncHostedScripts(false));
}
