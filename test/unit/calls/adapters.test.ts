import { afterEach, describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../../calls/adapters';
import { tablesFor, useWords } from '../../../calls/adapters/words';
import type { PlatformId } from '../../../calls/platforms';
import { validateCallReport } from '../../../calls/report';
import { FIXTURES } from '../../support/fixtures-server';
import { demoHtml, loadPage, readFixture, type LoadedPage } from './support';

/** Every adapter against its fixture page, driven through the page's own window.fixture. */
interface Case {
  platform: PlatformId;
  load(): LoadedPage;
  /** Who the page shows besides the local user; [] where the adapter reports no names (documented in it). */
  others: string[];
  meetingId: string;
}

const fixture = (name: keyof typeof FIXTURES, file?: string, url?: string) => () =>
  loadPage(readFixture(file ?? FIXTURES[name].file), url ?? FIXTURES[name].url);

/** A page in another language, read as the content script reads it: with the tables sent for its lang. */
const inItsLanguage = (name: keyof typeof FIXTURES) => () => {
  const p = fixture(name)();
  useWords(tablesFor(p.document.documentElement.lang));
  return p;
};
afterEach(() => useWords([]));

const THREE = ['Co-leader Sam', 'Member A', 'Member B'];
const CASES: Record<string, Case> = {
  meet: { platform: 'meet', load: fixture('meet'), others: THREE, meetingId: 'abc-defg-hij' },
  'meet-2025': { platform: 'meet', load: fixture('meet-2025'), others: THREE, meetingId: 'kln-opqr-stu' },
  'meet-2025-de': { platform: 'meet', load: inItsLanguage('meet-2025-de'), others: THREE, meetingId: 'dlx-mnop-qrs' },
  zoom: {
    platform: 'zoom',
    // The call UI frame, where the content script reports (zoom.html only hosts it).
    load: fixture('zoom', 'zoom-webclient.html', 'https://app.zoom.us/wc/81234567890/join?fromPWA=1&pwd=Zm9vYmFy'),
    others: [],
    meetingId: '81234567890',
  },
  teams: { platform: 'teams', load: fixture('teams'), others: THREE, meetingId: '19:meeting_squircle@thread.v2' },
  // The local user is listed: no evidence names the German avatar label (teams-de.html).
  'teams-de': {
    platform: 'teams',
    load: inItsLanguage('teams-de'),
    others: ['Dr. Rivera', ...THREE],
    meetingId: '9381234',
  },
  jitsi: { platform: 'jitsi', load: fixture('jitsi'), others: THREE, meetingId: 'SquirclePracticeCircle' },
  zoomgov: { platform: 'zoom', load: fixture('zoomgov'), others: [], meetingId: '1612345678' },
  bigbluebutton: { platform: 'bigbluebutton', load: fixture('bigbluebutton'), others: THREE, meetingId: '' },
  simplepractice: { platform: 'simplepractice', load: fixture('simplepractice'), others: [], meetingId: 'appt-4821' },
  therapynotes: {
    platform: 'therapynotes',
    load: fixture('therapynotes'),
    others: [],
    meetingId: 'app/telehealth/4821',
  },
  doxy: { platform: 'doxy', load: fixture('doxy'), others: [], meetingId: 'drrivera' },
  vsee: { platform: 'vsee', load: fixture('vsee'), others: [], meetingId: 'visits/room-4821' },
  whereby: { platform: 'whereby', load: fixture('whereby'), others: [], meetingId: 'squircle-group' },
  webex: { platform: 'webex', load: fixture('webex'), others: [], meetingId: 'meet/drrivera' },
  demo: {
    platform: 'demo',
    load: () => loadPage(demoHtml(), 'http://127.0.0.1:41234/squircle-demo/'),
    others: ['Co-leader', 'Member A', 'Member B'],
    meetingId: 'squircle-practice',
  },
};

const read = (c: Case, p: LoadedPage) => {
  const r = ADAPTERS[c.platform].read(p.document, p.url);
  // Whatever an adapter reports, the background would accept it.
  expect(validateCallReport(r)).toEqual(r);
  return r;
};

describe.each(Object.entries(CASES))('%s adapter on its fixture', (_name, c) => {
  it('reads a healthy call with its meeting id and the people besides the local user', () => {
    const p = c.load();
    expect(read(c, p)).toEqual({
      platform: c.platform,
      healthy: true,
      inCall: true,
      presenting: false,
      participants: [...c.others].sort(),
      meetingId: c.meetingId,
      missing: [],
    });
  });

  it('follows people joining and leaving', () => {
    const p = c.load();
    const names = c.others.length ? ['Zoë Østergaard', 'Member C'] : [];
    const id = p.fixture.join('Zoë Østergaard');
    p.fixture.join('Member C');
    expect(read(c, p).participants).toEqual([...c.others, ...names].sort());
    p.fixture.leave(id);
    expect(read(c, p).participants).toEqual([...c.others, ...names.slice(1)].sort());
    p.fixture.leave('Member C');
    expect(read(c, p).participants).toEqual([...c.others].sort());
  });

  it('sees the local user start and stop presenting', () => {
    const p = c.load();
    p.fixture.startPresenting();
    expect(p.fixture.presenting).toBe(true);
    const on = read(c, p);
    expect(on.presenting).toBe(true);
    // A presentation tile is not a person.
    expect(on.participants).toEqual([...c.others].sort());
    p.fixture.stopPresenting();
    expect(read(c, p).presenting).toBe(false);
  });

  it('sees the call end, and stays healthy on the page that follows', () => {
    const p = c.load();
    p.fixture.startPresenting();
    p.fixture.endCall();
    expect(read(c, p)).toMatchObject({ healthy: true, inCall: false, presenting: false, participants: [] });
  });
});

describe('Meet as of late 2025 (the accessible People panel)', () => {
  type Meet2025 = LoadedPage['fixture'] & { openPanel(): void; closePanel(): void };
  const load = () => {
    const p = loadPage(readFixture('meet-2025.html'), FIXTURES['meet-2025'].url);
    return { p, f: p.fixture as Meet2025, read: () => ADAPTERS.meet.read(p.document, p.url) };
  };

  it('reads people from the rows of the list "Participants", the local user ("(You)", host) left out', () => {
    const { p, read } = load();
    expect(p.document.querySelector('[data-participant-id],[data-self-name]')).toBeNull();
    expect(read()).toEqual({
      platform: 'meet',
      healthy: true,
      inCall: true,
      presenting: false,
      participants: THREE,
      meetingId: 'kln-opqr-stu',
      missing: [],
    });
  });

  it('with the panel closed, keeps the last complete list and follows join and leave notifications', () => {
    const { f, read } = load();
    expect(read().participants).toEqual(THREE);
    f.closePanel();
    expect(read().participants).toEqual(THREE);
    f.join('Zoë Østergaard');
    f.leave('Member A');
    expect(read().participants).toEqual(['Co-leader Sam', 'Member B', 'Zoë Østergaard']);
    // A notification counts once, however often the page is read while it shows.
    f.join('Member A');
    expect(read().participants).toEqual(['Co-leader Sam', 'Member A', 'Member B', 'Zoë Østergaard']);
    expect(read().participants).toEqual(['Co-leader Sam', 'Member A', 'Member B', 'Zoë Østergaard']);
    // Opened again, the panel's list is the truth.
    f.openPanel();
    expect(read().participants).toEqual(['Co-leader Sam', 'Member A', 'Member B', 'Zoë Østergaard']);
    // The roster lasts as long as the call.
    f.closePanel();
    f.endCall();
    expect(read()).toMatchObject({ inCall: false, participants: [] });
  });

  it('presenting: the row "Your presentation" and the control "You are presenting"; neither is a person', () => {
    const { p, f, read } = load();
    f.startPresenting();
    expect(read()).toMatchObject({ presenting: true, participants: THREE });
    // Each signal alone is enough.
    p.document.querySelector('[aria-label="You are presenting"]')!.setAttribute('aria-label', 'Share screen');
    expect(read().presenting).toBe(true);
    f.closePanel();
    p.document.querySelector('[aria-label="Share screen"]')!.setAttribute('aria-label', 'You are presenting');
    expect(read()).toMatchObject({ presenting: true, participants: THREE });
    f.stopPresenting();
    expect(read().presenting).toBe(false);
  });
});

describe('degraded mode', () => {
  it('Meet 2025 in a call whose People panel was never opened: the call is read, the people list is missing', () => {
    const p = loadPage(readFixture('meet-2025.html'), FIXTURES['meet-2025'].url);
    (p.fixture as unknown as { closePanel(): void }).closePanel();
    // The join notifications of the people already there have faded (linkedom runs no timers).
    for (const t of p.document.querySelectorAll('[aria-live] > *')) t.remove();
    expect(ADAPTERS.meet.read(p.document, p.url)).toMatchObject({
      healthy: true,
      inCall: true,
      participants: [],
      missing: ['people-list'],
    });
    (p.fixture as unknown as { openPanel(): void }).openPanel();
    expect(ADAPTERS.meet.read(p.document, p.url)).toMatchObject({ participants: THREE, missing: [] });
  });

  it('a platform read by the generic adapter never reports a missing people list: it reads none by design', () => {
    const p = loadPage(readFixture('simplepractice.html'), FIXTURES.simplepractice.url);
    expect(ADAPTERS.simplepractice.read(p.document, p.url)).toMatchObject({ inCall: true, missing: [] });
  });

  it('a Meet call after a redesign reads as unhealthy, without throwing, and keeps what any call page shows', () => {
    const p = loadPage(readFixture('changed-markup.html'), FIXTURES['changed-markup'].url);
    const r = ADAPTERS.meet.read(p.document, p.url);
    expect(r).toEqual({
      platform: 'meet',
      healthy: false,
      inCall: true, // live video plays: a call is on, even if we cannot read it
      presenting: false,
      participants: [],
      meetingId: 'qrs-tuvw-xyz',
      // Which readings failed, for the panel and its diagnostics: codes, never names.
      missing: ['call-controls', 'people-list'],
    });
    p.fixture.join('Member C');
    p.fixture.startPresenting();
    expect(ADAPTERS.meet.read(p.document, p.url).healthy).toBe(false);
    // Once the call is over nothing plays: nothing left to misread.
    p.fixture.endCall();
    expect(ADAPTERS.meet.read(p.document, p.url)).toMatchObject({ healthy: true, inCall: false });
  });

  it.each(Object.keys(ADAPTERS) as PlatformId[])('%s never throws on an empty or foreign page', (id) => {
    for (const html of ['', '<p>hello</p>', readFixture('changed-markup.html')]) {
      const p = loadPage(html, 'https://example.com/%E0%A4%A/x');
      expect(() => ADAPTERS[id].read(p.document, p.url)).not.toThrow();
    }
  });

  it('a page that is not in a call (no live video, no anchors) is healthy and not in a call', () => {
    const p = loadPage('<main><h1>Start a meeting</h1></main>', 'https://meet.google.com/landing');
    expect(ADAPTERS.meet.read(p.document, p.url)).toMatchObject({ healthy: true, inCall: false, meetingId: '' });
  });
});

describe('Meet signals', () => {
  const meet = () => loadPage(readFixture('meet.html'), FIXTURES.meet.url);

  it('reads people from tiles alone, and from the people list alone', () => {
    const tilesOnly = meet();
    tilesOnly.document.querySelectorAll('[role="listitem"]').forEach((e) => e.remove());
    expect(ADAPTERS.meet.read(tilesOnly.document, tilesOnly.url).participants).toEqual(THREE);
    const listOnly = meet();
    listOnly.document
      .querySelectorAll('[jsname="E2KThb"] [data-participant-id]:not([data-self-name])')
      .forEach((e) => e.remove());
    expect(ADAPTERS.meet.read(listOnly.document, listOnly.url).participants).toEqual(THREE);
  });

  it('still reads people and the call when every English label is translated', () => {
    const html = readFixture('meet.html')
      .replaceAll('Participant: ', 'Teilnehmer: ')
      .replaceAll('Leave call', 'Anruf verlassen')
      .replace(
        "item.setAttribute('aria-label', `Participant: ${name}`)",
        "item.setAttribute('aria-label', `Teilnehmer: ${name}`)",
      );
    const p = loadPage(html, FIXTURES.meet.url);
    expect(ADAPTERS.meet.read(p.document, p.url)).toMatchObject({ healthy: true, inCall: true, participants: THREE });
  });

  it.each([
    [
      'the presentation tile',
      (p: LoadedPage) => p.document.querySelector('[jsname="present"]')!.replaceWith(p.document.createElement('b')),
    ],
    [
      'the icon ligature',
      (p: LoadedPage) => {
        p.document.querySelector('[jsname="present"]')!.setAttribute('aria-label', 'Präsentation beenden');
        p.document.querySelector('[data-participant-id$="/presentation"]')!.remove();
      },
    ],
    [
      'the button label',
      (p: LoadedPage) => {
        p.document.querySelector('[jsname="present"] i')!.textContent = 'x';
        p.document.querySelector('[data-participant-id$="/presentation"]')!.remove();
      },
    ],
  ])('presenting is seen from %s alone', (_what, keepOnly) => {
    const p = meet();
    p.fixture.startPresenting();
    p.document.querySelector('[jsname="presentBanner"]')!.remove();
    keepOnly(p);
    expect(ADAPTERS.meet.read(p.document, p.url).presenting).toBe(true);
  });

  it("someone else's presentation is not the local user presenting", () => {
    const p = meet();
    const id = p.fixture.join('Member A (Presentation)');
    expect(ADAPTERS.meet.read(p.document, p.url)).toMatchObject({ presenting: false, participants: THREE });
    p.fixture.leave(id);
  });

  it('falls back to the meeting code in the path', () => {
    const p = meet();
    p.document.querySelector('[data-unresolved-meeting-id]')!.removeAttribute('data-unresolved-meeting-id');
    expect(ADAPTERS.meet.read(p.document, p.url).meetingId).toBe('abc-defg-hij');
  });
});

describe('pages in other languages (the word tables of calls/adapters/words.ts)', () => {
  type Meet2025 = LoadedPage['fixture'] & { openPanel(): void; closePanel(): void };
  const german = () => loadPage(readFixture('meet-2025-de.html'), FIXTURES['meet-2025-de'].url);
  const read = (p: LoadedPage) => ADAPTERS.meet.read(p.document, p.url);

  it('German Meet read with English words alone: the call is seen, its people and presenting are not', () => {
    const p = german();
    expect(read(p)).toMatchObject({ healthy: true, inCall: true, participants: [], missing: ['people-list'] });
    p.fixture.startPresenting();
    expect(read(p).presenting).toBe(false);
  });

  it('German Meet with its table: people from the list "Teilnehmer", "(Ich)" left out, presenting seen', () => {
    const p = german();
    useWords(tablesFor('de'));
    expect(read(p)).toMatchObject({ inCall: true, participants: THREE, missing: [] });
    p.fixture.startPresenting();
    expect(read(p)).toMatchObject({ presenting: true, participants: THREE });
  });

  it('German Meet with the panel closed follows "<Name> nimmt teil"; leaves have no German word, so stay', () => {
    const p = german();
    useWords(tablesFor('de-DE'));
    const f = p.fixture as Meet2025;
    expect(read(p).participants).toEqual(THREE);
    f.closePanel();
    f.join('Zoë Østergaard');
    expect(read(p).participants).toEqual([...THREE, 'Zoë Østergaard'].sort());
    f.leave('Member A');
    expect(read(p).participants).toEqual([...THREE, 'Zoë Østergaard'].sort());
    f.openPanel();
    expect(read(p).participants).toEqual(['Co-leader Sam', 'Member B', 'Zoë Østergaard']);
  });

  it('German Teams: sharing is seen only through the German button name', () => {
    const p = loadPage(readFixture('teams-de.html'), FIXTURES['teams-de'].url);
    p.fixture.startPresenting();
    expect(ADAPTERS.teams.read(p.document, p.url).presenting).toBe(false);
    useWords(tablesFor('de-de'));
    expect(ADAPTERS.teams.read(p.document, p.url)).toMatchObject({ inCall: true, presenting: true });
  });

  it('Hebrew: a call page whose only sign is the leave control "עזיבת השיחה"', () => {
    const p = loadPage(
      '<html lang="he" dir="rtl"><button aria-label="עזיבת השיחה">x</button></html>',
      FIXTURES.webex.url,
    );
    expect(ADAPTERS.webex.read(p.document, p.url).inCall).toBe(false);
    useWords(tablesFor(p.document.documentElement.lang));
    expect(ADAPTERS.webex.read(p.document, p.url).inCall).toBe(true);
  });

  it('Spanish Jitsi: the local row ending "(usted)" is the local user; the pressed share toggle is presenting', () => {
    const p = loadPage(
      `<html lang="es"><div id="react"><div id="participant-item-a"><div>Ana</div><span>(usted)</span></div>
       <div id="participant-item-b"><div>Luis</div></div>
       <div id="new-toolbox"><div role="button" aria-label="Alternar compartir pantalla" aria-pressed="true"></div>
       <div role="button" aria-label="Dejar la llamada"></div></div></div></html>`,
      FIXTURES.jitsi.url,
    );
    useWords(tablesFor('es'));
    expect(ADAPTERS.jitsi.read(p.document, p.url)).toMatchObject({
      inCall: true,
      presenting: true,
      participants: ['Luis'],
    });
  });
});

describe('Teams signals', () => {
  it('the pre-join screen is not a call; joining makes it one', () => {
    const url = FIXTURES.teams.url.replace('meetingjoin=true', 'meetingjoin=true&fixture=prejoin');
    const p = loadPage(readFixture('teams.html'), url);
    expect(ADAPTERS.teams.read(p.document, p.url)).toMatchObject({ healthy: true, inCall: false });
    p.fixture.enterCall!();
    expect(ADAPTERS.teams.read(p.document, p.url)).toMatchObject({ inCall: true, participants: THREE });
  });

  it('reads the roster when the stage shows nobody, by the data-tid name', () => {
    const p = loadPage(readFixture('teams.html'), FIXTURES.teams.url);
    p.document.querySelectorAll('[data-cid="calling-participant-stream"]').forEach((t) => t.remove());
    expect(ADAPTERS.teams.read(p.document, p.url).participants).toEqual(THREE);
  });

  it('without the avatar that names the local user, the local user cannot be told apart (a known gap)', () => {
    const p = loadPage(readFixture('teams.html'), FIXTURES.teams.url);
    p.document.querySelector('[data-tid="me-control-avatar"]')!.remove();
    expect(ADAPTERS.teams.read(p.document, p.url).participants).toContain('Dr. Rivera');
  });

  it('reads the meeting id of teams.live.com links', () => {
    const p = loadPage(readFixture('teams.html'), 'https://teams.live.com/meet/9381234?p=x');
    expect(ADAPTERS.teams.read(p.document, p.url).meetingId).toBe('9381234');
  });
});

describe('Zoom and Jitsi specifics', () => {
  it("Zoom's outer page names the frame that reports instead", () => {
    const p = loadPage(readFixture('zoom.html'), FIXTURES.zoom.url);
    expect(p.document.querySelector(ADAPTERS.zoom.frame!)).not.toBeNull();
    expect(ADAPTERS.zoom.read(p.document, p.url).meetingId).toBe('81234567890');
  });

  it("Jitsi's screen-share thumbnail is not a participant", () => {
    const p = loadPage(readFixture('jitsi.html'), FIXTURES.jitsi.url);
    p.fixture.startPresenting();
    expect(p.document.getElementById('participant_local3a1f-v1')).not.toBeNull();
    expect(ADAPTERS.jitsi.read(p.document, p.url).participants).toEqual(THREE);
  });
});

describe('limits', () => {
  it('keeps at most 100 names of at most 80 characters, cleaned of control characters', () => {
    const p = loadPage(readFixture('meet.html'), FIXTURES.meet.url);
    p.fixture.join(`Long ${'x'.repeat(200)}`);
    p.fixture.join('Line\nbreak\u0007 name');
    for (let i = 0; i < 150; i++) p.fixture.join(`Member ${String(i).padStart(3, '0')}`);
    const r = ADAPTERS.meet.read(p.document, p.url);
    expect(r.participants).toHaveLength(100);
    expect(r.participants.every((n) => n.length <= 80)).toBe(true);
    expect(validateCallReport(r)).toEqual(r);
    const all = loadPage(readFixture('meet.html'), FIXTURES.meet.url);
    all.fixture.join(`Long ${'x'.repeat(200)}`);
    all.fixture.join('Line\nbreak\u0007 name');
    const names = ADAPTERS.meet.read(all.document, all.url).participants;
    expect(names).toContain('Line break name');
    expect(names).toContain(`Long ${'x'.repeat(75)}`);
  });

  it('a meeting id is cut to 200 characters', () => {
    const p = loadPage('<div></div>', `https://whereby.com/${'r'.repeat(300)}`);
    expect(ADAPTERS.whereby.read(p.document, p.url).meetingId).toHaveLength(200);
  });
});
