/**
 * The one list of video-call platforms Squircle works next to.
 * The manifest's content-script matches and host permissions are generated
 * from it, and the background uses it to decide which tabs get the panel.
 */
export type PlatformId =
  | 'meet'
  | 'zoom'
  | 'teams'
  | 'jitsi'
  | 'bigbluebutton'
  | 'simplepractice'
  | 'therapynotes'
  | 'doxy'
  | 'vsee'
  | 'whereby'
  | 'webex'
  | 'demo';

export interface Platform {
  readonly id: PlatformId;
  /** What the clinician sees. */
  readonly label: string;
  /** WebExtension match patterns (ports are not part of a pattern). */
  readonly matches: readonly string[];
  /** Some platforms run the call inside a frame (Zoom's `#webclient`). */
  readonly allFrames?: boolean;
}

/**
 * Where each platform's call pages are (WebExtension match patterns). Kept
 * apart from the labels so the content script, which needs only these,
 * carries no user-facing text.
 */
const PAGES: Readonly<Record<PlatformId, readonly string[]>> = {
  meet: ['https://meet.google.com/*'],
  // Zoom for Government runs the same web client at zoomgov.com.
  zoom: ['https://app.zoom.us/wc/*', 'https://*.zoom.us/wc/*', 'https://*.zoomgov.com/wc/*'],
  teams: ['https://teams.microsoft.com/*', 'https://teams.cloud.microsoft/*', 'https://teams.live.com/*'],
  jitsi: ['https://meet.jit.si/*'],
  // BigBlueButton's public demo server; clinics run their own (self-hosted hosts).
  bigbluebutton: ['https://demo.bigbluebutton.org/html5client/*'],
  simplepractice: ['https://video.simplepractice.com/*'],
  // The telehealth screen lives inside the TherapyNotes app; its path is not known from evidence.
  therapynotes: ['https://www.therapynotes.com/*'],
  doxy: ['https://doxy.me/*', 'https://*.doxy.me/*'],
  vsee: ['https://*.vsee.com/*', 'https://vsee.me/*'],
  whereby: ['https://whereby.com/*', 'https://*.whereby.com/*'],
  webex: ['https://*.webex.com/*'],
  demo: ['http://localhost/squircle-demo/*', 'http://127.0.0.1/squircle-demo/*'],
};

/**
 * Platforms whose adapter reads who is in the call; on the others attendance
 * is taken by hand (the panel says so).
 */
export const READS_PEOPLE: ReadonlySet<PlatformId> = new Set(['meet', 'teams', 'jitsi', 'bigbluebutton', 'demo']);

/** Platforms whose call runs inside a frame (Zoom's `#webclient`). */
export const IN_FRAMES: ReadonlySet<PlatformId> = new Set(['zoom']);

const LABELS: Readonly<Record<PlatformId, string>> = {
  meet: 'Google Meet',
  zoom: 'Zoom (web client, Zoom for Government)',
  teams: 'Microsoft Teams',
  jitsi: 'Jitsi Meet',
  bigbluebutton: 'BigBlueButton',
  simplepractice: 'SimplePractice telehealth',
  therapynotes: 'TherapyNotes telehealth',
  doxy: 'Doxy.me',
  vsee: 'VSee',
  whereby: 'Whereby',
  webex: 'Webex',
  demo: 'Practice call',
};

/** Every platform, in the order the product lists them. */
export const PLATFORM_IDS = /* @__PURE__ */ Object.keys(PAGES) as readonly PlatformId[];
const IDS = PLATFORM_IDS;

export const PLATFORMS: readonly Platform[] = /* @__PURE__ */ IDS.map((id) => ({
  id,
  label: LABELS[id],
  matches: PAGES[id],
  ...(IN_FRAMES.has(id) ? { allFrames: true } : {}),
}));

export const ALL_MATCHES: readonly string[] = /* @__PURE__ */ IDS.flatMap((id) => PAGES[id]);

/**
 * Whether a URL is matched by a pattern of PAGES: the same scheme, the host
 * (or, for `*.host`, the host and its subdomains; ports are not part of a
 * pattern) and a path that starts like the pattern's path before its final `*`.
 */
export function matchesPattern(pattern: string, url: URL): boolean {
  const m = /^(https?):\/\/([^/]+)(\/.*)\*$/.exec(pattern);
  if (!m) return false;
  const [, scheme, host, path] = m as unknown as [string, string, string, string];
  const sub = host.startsWith('*.');
  return (
    url.protocol === `${scheme}:` &&
    (sub ? url.hostname === host.slice(2) || url.hostname.endsWith(host.slice(1)) : url.hostname === host) &&
    url.pathname.startsWith(path)
  );
}

/**
 * The platform of a page on a self-hosted host (a clinic's or a clinician's
 * own server, calls/hosted.ts): BigBlueButton's HTML5 client is served under
 * /html5client/, anything else is read as Jitsi Meet.
 */
export function hostedPlatformId(url: URL): 'jitsi' | 'bigbluebutton' {
  return url.pathname.startsWith('/html5client/') ? 'bigbluebutton' : 'jitsi';
}

/**
 * Which platform a URL belongs to, or undefined. Never throws on odd input.
 * A page on a self-hosted host in `extraHosts` (https only) reads as
 * hostedPlatformId says.
 */
export function platformIdForUrl(url: string | undefined, extraHosts: readonly string[] = []): PlatformId | undefined {
  let u: URL;
  try {
    u = new URL(url ?? '');
  } catch {
    return undefined;
  }
  const hit = IDS.find((id) => PAGES[id].some((p) => matchesPattern(p, u)));
  if (hit) return hit;
  const host = u.hostname.toLowerCase();
  return u.protocol === 'https:' && extraHosts.some((h) => h.toLowerCase() === host) ? hostedPlatformId(u) : undefined;
}

/** The platform a URL belongs to (see platformIdForUrl). */
export function platformForUrl(url: string | undefined, extraHosts: readonly string[] = []): Platform | undefined {
  const id = platformIdForUrl(url, extraHosts);
  return id && platformById(id);
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
