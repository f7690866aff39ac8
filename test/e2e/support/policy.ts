// Clinic policy the way browsers really read it: a JSON file in Chromium's
// system policy directory, a managed storage manifest in Firefox's HOME.
//
// Chromium's policy directory is machine-wide and watched while Chromium runs,
// so a policy for the extension's usual id would reach every other test's
// browser on this machine. Tests therefore load a copy of the built extension
// under a key of their own (only `key` in its manifest differs) and write the
// policy for that copy's id alone.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CHROME_BUILD, GECKO_ID, makeTempDir, REPO_ROOT, requireBuild } from '../../support/paths';

/** Debian's Chromium reads `<dir>/managed/*.json` at start and again when the directory changes. */
export const CHROMIUM_POLICY_DIR = '/etc/chromium/policies/managed';
export const POLICY_FILE = join(CHROMIUM_POLICY_DIR, 'squircle-test.json');

export type PolicyValues = Record<string, unknown>;

export const EXAMPLES = ['solo-practice', 'group-practice', 'strict-clinic'] as const;
export type ExampleName = (typeof EXAMPLES)[number];

export function loadExample(name: ExampleName): PolicyValues {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'policy/examples', `${name}.json`), 'utf8')) as PolicyValues;
}

/** Why the Chromium policy tests cannot run here, or undefined when they can. */
export function chromiumPolicyUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) {
    return (
      `Chromium reads managed policy only from ${CHROMIUM_POLICY_DIR}, which only root may write; ` +
      `run as root (CI does) to test it.`
    );
  }
  return undefined;
}

/** Chrome's extension id for a public key: SHA-256 of the DER key, first 16 bytes as letters a–p. */
export function extensionIdFor(publicKeyDer: Buffer): string {
  const hex = createHash('sha256').update(publicKeyDer).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

export interface RekeyedBuild {
  dir: string;
  extensionId: string;
  /** Switches for launchChromium({ args }): later switches replace the harness's own. */
  args: string[];
  remove(): void;
}

/** A copy of .output/chrome-mv3 under a fresh key, so its id is this test's alone. */
export function rekeyedChromeBuild(): RekeyedBuild {
  const src = requireBuild(CHROME_BUILD);
  const dir = join(makeTempDir('squircle-policy-build-'), 'chrome-mv3');
  cpSync(src, dir, { recursive: true });
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  manifest.key = der.toString('base64');
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return {
    dir,
    extensionId: extensionIdFor(der),
    args: [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
    remove: () => rmSync(join(dir, '..'), { recursive: true, force: true }),
  };
}

/** What an administrator puts in a Linux policy file for one extension. */
export function chromiumPolicyFile(extensionId: string, values: PolicyValues): object {
  return { '3rdparty': { extensions: { [extensionId]: values } } };
}

/** The first directory this run had to create for the policy file, removed again with it. */
let createdDir: string | undefined;

export function writeChromiumPolicy(extensionId: string, values: PolicyValues): void {
  createdDir ??= mkdirSync(CHROMIUM_POLICY_DIR, { recursive: true });
  removePolicyOnExit();
  writeFileSync(POLICY_FILE, JSON.stringify(chromiumPolicyFile(extensionId, values), null, 2));
}

/** Removes the test's policy file, and the directories this run created if nothing else is in them. */
export function removeChromiumPolicy(): void {
  rmSync(POLICY_FILE, { force: true });
  if (!createdDir) return;
  for (let dir = CHROMIUM_POLICY_DIR; dir.startsWith(createdDir); dir = dirname(dir)) {
    if (!existsSync(dir) || readdirSync(dir).length > 0) return;
    rmdirSync(dir);
  }
  createdDir = undefined;
}

/**
 * Firefox's managed storage manifest, `$HOME/.mozilla/managed-storage/<gecko id>.json`
 * on Linux (the harness's homeDir is Firefox's HOME). Returns the file's path.
 */
export function writeFirefoxManagedStorage(homeDir: string, values: PolicyValues): string {
  const dir = join(homeDir, '.mozilla', 'managed-storage');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${GECKO_ID}.json`);
  const manifest = { name: GECKO_ID, description: 'Squircle clinic policy (test)', type: 'storage', data: values };
  writeFileSync(file, JSON.stringify(manifest, null, 2));
  return file;
}

let exitHookInstalled = false;
/** A last resort if the run dies between write and cleanup; the file names a throwaway id anyway. */
export function removePolicyOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => rmSync(POLICY_FILE, { force: true }));
}

/** storage.managed as the extension's service worker sees it, once Chromium has delivered the policy. */
export async function managedInWorker(
  worker: { evaluate<T>(fn: () => T | Promise<T>): Promise<T> },
  timeoutMs = 15_000,
): Promise<PolicyValues> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const got = await worker.evaluate(() => chrome.storage.managed.get(null));
    if (Object.keys(got).length > 0 || Date.now() > end) return got;
    await new Promise((r) => setTimeout(r, 200));
  }
}
