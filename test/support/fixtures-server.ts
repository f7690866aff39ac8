/**
 * The real call platforms cannot be reached from test machines, so each
 * platform host is answered with a fixture page from test/fixtures/platforms/.
 * The page keeps its real URL, so the manifest's content-script matches apply
 * exactly as they would on the real site.
 *
 *   Chromium: await routeFixtures(session.context); page.goto(FIXTURES.meet.url)
 *   Firefox:  const page = await ff.browser.newPage(); await interceptFixtures(page); page.goto(...)
 *   Demo:     const demo = await startDemoServer(); page.goto(demo.url)
 */
import type { BrowserContext, Route } from 'playwright-core';
import type { HTTPRequest, Page as PuppeteerPage } from 'puppeteer-core';
import type { PlatformId } from '../../calls/platforms';
import { readFixture } from './fixture-files';

export { startDemoServer, type DemoServer } from '../../demo/server.mjs';

/** What every fixture page offers as window.fixture: it changes the page the way the real call would. */
export interface FixtureApi {
  ready: boolean;
  presenting: boolean;
  ended: boolean;
  join(name: string): string;
  leave(nameOrId: string): void;
  startPresenting(): void;
  stopPresenting(): void;
  endCall(): void;
  participants(): string[];
}
declare global {
  interface Window {
    fixture: FixtureApi;
  }
}

export type FixtureName =
  Exclude<PlatformId, 'demo'> | 'meet-2025' | 'meet-2025-de' | 'teams-de' | 'zoomgov' | 'changed-markup';

export interface Fixture {
  /** The platform the URL belongs to (calls/platforms.ts). */
  platform: Exclude<PlatformId, 'demo'>;
  /** The real address a test navigates to. */
  url: string;
  /** File in test/fixtures/platforms/. */
  file: string;
}

/** One call page per platform, at a URL shaped like the real one. */
export const FIXTURES: Readonly<Record<FixtureName, Fixture>> = {
  meet: { platform: 'meet', url: 'https://meet.google.com/abc-defg-hij', file: 'meet.html' },
  // Meet as of late 2025: the accessible People panel and notifications, no data attributes.
  'meet-2025': { platform: 'meet', url: 'https://meet.google.com/kln-opqr-stu', file: 'meet-2025.html' },
  // The same in German: read with the German word table the background sends (calls/adapters/words.ts).
  'meet-2025-de': { platform: 'meet', url: 'https://meet.google.com/dlx-mnop-qrs', file: 'meet-2025-de.html' },
  zoom: { platform: 'zoom', url: 'https://app.zoom.us/wc/join/81234567890', file: 'zoom.html' },
  // Zoom for Government: the same web client (its call UI, here without the PWA shell's frame).
  zoomgov: {
    platform: 'zoom',
    url: 'https://applications.zoomgov.com/wc/1612345678/join',
    file: 'zoom-webclient.html',
  },
  bigbluebutton: {
    platform: 'bigbluebutton',
    url: 'https://demo.bigbluebutton.org/html5client/join',
    file: 'bigbluebutton.html',
  },
  simplepractice: {
    platform: 'simplepractice',
    url: 'https://video.simplepractice.com/appt-4821',
    file: 'simplepractice.html',
  },
  therapynotes: {
    platform: 'therapynotes',
    url: 'https://www.therapynotes.com/app/telehealth/4821',
    file: 'therapynotes.html',
  },
  teams: {
    platform: 'teams',
    url: 'https://teams.microsoft.com/v2/?meetingjoin=true#/l/meetup-join/19:meeting_squircle@thread.v2/0',
    file: 'teams.html',
  },
  // Teams in German, at a teams.live.com link.
  'teams-de': { platform: 'teams', url: 'https://teams.live.com/meet/9381234', file: 'teams-de.html' },
  jitsi: { platform: 'jitsi', url: 'https://meet.jit.si/SquirclePracticeCircle', file: 'jitsi.html' },
  doxy: { platform: 'doxy', url: 'https://doxy.me/drrivera', file: 'doxy.html' },
  vsee: { platform: 'vsee', url: 'https://clinic.vsee.com/visits/room-4821', file: 'vsee.html' },
  whereby: { platform: 'whereby', url: 'https://whereby.com/squircle-group', file: 'whereby.html' },
  webex: { platform: 'webex', url: 'https://clinic.webex.com/meet/drrivera', file: 'webex.html' },
  'changed-markup': { platform: 'meet', url: 'https://meet.google.com/qrs-tuvw-xyz', file: 'changed-markup.html' },
};

/**
 * Self-hosted servers (calls/hosted.ts): the same Jitsi Meet and BigBlueButton
 * pages on hosts of a clinic's own, which the manifest does not name. They read
 * as a platform only once their host is added (platformForUrl's extra hosts).
 */
export const HOSTED_FIXTURES: Readonly<Record<'jitsi-hosted' | 'bbb-hosted', Fixture>> = {
  'jitsi-hosted': { platform: 'jitsi', url: 'https://jitsi.clinic.example/SquircleGroup', file: 'jitsi.html' },
  'bbb-hosted': {
    platform: 'bigbluebutton',
    url: 'https://bbb.clinic.example/html5client/join',
    file: 'bigbluebutton.html',
  },
};

/** Frames and sub-documents that fixture pages load (not navigated to directly). */
const SUBDOCUMENTS: readonly { url: RegExp; file: string }[] = [
  // Zoom's call UI lives in iframe#webclient at app.zoom.us/wc/<meeting>/join?...
  { url: /^https:\/\/app\.zoom\.us\/wc\/\d+\/join(?:\?.*)?$/, file: 'zoom-webclient.html' },
];

/** Every host a fixture is served for; other URLs on these hosts get a 404, never the network. */
export const FIXTURE_HOSTS: ReadonlySet<string> = new Set(
  [...Object.values(FIXTURES), ...Object.values(HOSTED_FIXTURES)].map((f) => new URL(f.url).hostname),
);

export interface FixtureResponse {
  status: number;
  contentType: string;
  body: string;
}

/** What a fixture host answers for a URL; undefined when the host is not a fixture host. */
export function resolveFixture(url: string): FixtureResponse | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!FIXTURE_HOSTS.has(parsed.hostname)) return undefined;
  // The query is the page's business (e.g. teams.html reads ?fixture=prejoin).
  const page = parsed.origin + parsed.pathname;
  const file =
    SUBDOCUMENTS.find((s) => s.url.test(parsed.href.split('#')[0]!))?.file ??
    [...Object.values(FIXTURES), ...Object.values(HOSTED_FIXTURES)].find((f) => {
      const u = new URL(f.url);
      return u.origin + u.pathname === page;
    })?.file;
  if (!file) return { status: 404, contentType: 'text/plain', body: 'No fixture for this URL' };
  return { status: 200, contentType: 'text/html; charset=utf-8', body: readFixture(file) };
}

/** Chromium/Playwright: answer every fixture host in this context from the fixtures. */
export async function routeFixtures(context: BrowserContext): Promise<void> {
  await context.route(
    (u) => FIXTURE_HOSTS.has(u.hostname),
    (route: Route) => {
      const res = resolveFixture(route.request().url())!;
      return route.fulfill({ status: res.status, contentType: res.contentType, body: res.body });
    },
  );
}

/**
 * Firefox/puppeteer (WebDriver BiDi): the same answers through request
 * interception, per page. Call it before the page's first navigation; frames
 * of the page (Zoom's #webclient) are covered too. Other requests go on.
 */
export async function interceptFixtures(page: PuppeteerPage): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (req: HTTPRequest) => {
    if (req.isInterceptResolutionHandled()) return;
    const res = resolveFixture(req.url());
    if (!res) {
      void req.continue();
      return;
    }
    void req.respond({ status: res.status, contentType: res.contentType, body: res.body });
  });
}
