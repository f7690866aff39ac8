/**
 * The one list of video-call platforms Squircle works next to.
 * The manifest's content-script matches and host permissions are generated
 * from it, and the background uses it to decide which tabs get the panel.
 */
export type PlatformId = 'meet' | 'zoom' | 'teams' | 'jitsi' | 'doxy' | 'vsee' | 'whereby' | 'webex' | 'demo';

export interface Platform {
  readonly id: PlatformId;
  /** What the clinician sees. */
  readonly label: string;
  /** WebExtension match patterns (ports are not part of a pattern). */
  readonly matches: readonly string[];
  /** Some platforms run the call inside a frame (Zoom's `#webclient`). */
  readonly allFrames?: boolean;
}

export const PLATFORMS: readonly Platform[] = [
  { id: 'meet', label: 'Google Meet', matches: ['https://meet.google.com/*'] },
  {
    id: 'zoom',
    label: 'Zoom (web client)',
    matches: ['https://app.zoom.us/wc/*', 'https://*.zoom.us/wc/*'],
    allFrames: true,
  },
  {
    id: 'teams',
    label: 'Microsoft Teams',
    matches: ['https://teams.microsoft.com/*', 'https://teams.cloud.microsoft/*', 'https://teams.live.com/*'],
  },
  { id: 'jitsi', label: 'Jitsi Meet', matches: ['https://meet.jit.si/*'] },
  { id: 'doxy', label: 'Doxy.me', matches: ['https://doxy.me/*', 'https://*.doxy.me/*'] },
  { id: 'vsee', label: 'VSee', matches: ['https://*.vsee.com/*', 'https://vsee.me/*'] },
  { id: 'whereby', label: 'Whereby', matches: ['https://whereby.com/*', 'https://*.whereby.com/*'] },
  { id: 'webex', label: 'Webex', matches: ['https://*.webex.com/*'] },
  {
    id: 'demo',
    label: 'Practice call',
    matches: ['http://localhost/squircle-demo/*', 'http://127.0.0.1/squircle-demo/*'],
  },
];

export const ALL_MATCHES: readonly string[] = PLATFORMS.flatMap((p) => p.matches);

function patternToRegExp(pattern: string): RegExp {
  const m = /^(https?|\*):\/\/(\*|\*\.[^/*]+|[^/*]+)(\/.*)$/.exec(pattern);
  if (!m) throw new Error(`Not a match pattern: ${pattern}`);
  const [, scheme, host, path] = m as unknown as [string, string, string, string];
  const esc = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const schemeRe = scheme === '*' ? 'https?' : esc(scheme);
  let hostRe: string;
  if (host === '*') hostRe = '[^/:]+';
  else if (host.startsWith('*.')) hostRe = `(?:[^/:]+\\.)?${esc(host.slice(2))}`;
  else hostRe = esc(host);
  const pathRe = path.split('*').map(esc).join('.*');
  return new RegExp(`^${schemeRe}://${hostRe}(?::\\d+)?${pathRe}$`);
}

const compiled = PLATFORMS.map((p) => ({ platform: p, res: p.matches.map(patternToRegExp) }));

/** Which platform a URL belongs to, or undefined. Never throws on odd input. */
export function platformForUrl(url: string | undefined, extraHosts: readonly string[] = []): Platform | undefined {
  if (!url) return undefined;
  const hit = compiled.find(({ res }) => res.some((re) => re.test(url)));
  if (hit) return hit.platform;
  let host: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:') return undefined;
    host = u.hostname;
  } catch {
    return undefined;
  }
  if (extraHosts.includes(host)) return PLATFORMS.find((p) => p.id === 'jitsi');
  return undefined;
}

export function platformById(id: string): Platform | undefined {
  return PLATFORMS.find((p) => p.id === id);
}

/** The practice call shipped inside the extension (entrypoints/practice/); it reads as the demo platform. */
export const PRACTICE_PAGE = 'practice.html';

/**
 * True when `url` is the extension's own practice call page. Extension pages
 * cannot be named by match patterns, so the page is told apart by its full
 * address under the extension's own origin (`extensionOrigin` ends in '/').
 */
export function isPracticePage(url: string | undefined, extensionOrigin: string): boolean {
  if (!url || !extensionOrigin.endsWith('/')) return false;
  if (!url.startsWith(extensionOrigin)) return false;
  const rest = url.slice(extensionOrigin.length);
  return rest === PRACTICE_PAGE || rest.startsWith(`${PRACTICE_PAGE}?`) || rest.startsWith(`${PRACTICE_PAGE}#`);
}
