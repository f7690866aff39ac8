/**
 * Self-hosted call servers (a clinic's `extraPlatformHosts`, a clinician's
 * `ownCallHosts`): Jitsi Meet or BigBlueButton on a host of their own. The
 * manifest cannot name them, so the background asks for each host as an
 * optional host permission and registers HOSTED_SCRIPT there at run time
 * (ext/background/hosted-scripts.ts). Pure, so it is tested without a browser.
 */

/** The id of the registered content script and the name of its entry (entrypoints/call-hosted.ts). */
export const HOSTED_SCRIPT = 'call-hosted';

const HOST = /^(?=.{1,253}$)[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/** The match pattern (and permission origin) of a self-hosted host: its https pages. */
export function hostPattern(host: string): string {
  return `https://${host.toLowerCase()}/*`;
}

/** The host of a pattern made by hostPattern, or undefined for any other pattern. */
export function patternHost(pattern: string): string | undefined {
  const m = /^https:\/\/([^/*]+)\/\*$/.exec(pattern);
  return m && HOST.test(m[1]!) ? m[1] : undefined;
}

/**
 * The host a clinician typed: a bare host name or a call's address
 * (https://meet.clinic.example/room). Undefined, with the reason, when it is
 * neither, or when the address is not https (the content script runs only there).
 */
export function hostFromInput(input: string): { host: string } | { error: string } {
  const text = input.trim().toLowerCase();
  if (!text) return { error: 'Type the server’s name, such as meet.yourclinic.org.' };
  let host = text;
  if (text.includes('/') || text.includes(':')) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { error: 'That is not a server name or a call’s address.' };
    }
    if (url.protocol !== 'https:') return { error: 'Only servers reached over https:// can be added.' };
    if (url.port) return { error: 'Servers on a port of their own cannot be added; use the address without a port.' };
    host = url.hostname;
  }
  if (!HOST.test(host) || !host.includes('.'))
    return { error: 'That is not a server name, such as meet.yourclinic.org.' };
  return { host };
}

/**
 * What the background does for the hosts it was given: register the script
 * on the granted ones (`matches`, empty to unregister it), and give back the
 * permissions of hosts no longer listed. `granted` is every origin the
 * extension holds; those on a host of the manifest's patterns (`builtIn`;
 * Chromium also lists a content script's host without its path) are never
 * given back.
 */
export function planHosted(
  hosts: readonly string[],
  granted: readonly string[],
  builtIn: readonly string[],
): { matches: string[]; release: string[] } {
  const wanted = new Set(hosts.map(hostPattern));
  const fixed = new Set(builtIn.map((p) => /^https?:\/\/([^/]+)\//.exec(p)?.[1]));
  const held = granted.filter((o) => {
    const host = patternHost(o);
    return host !== undefined && !fixed.has(host);
  });
  return {
    matches: held.filter((o) => wanted.has(o)).sort(),
    release: held.filter((o) => !wanted.has(o)).sort(),
  };
}
