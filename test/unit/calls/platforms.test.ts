import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_MATCHES, PLATFORMS, platformForUrl } from '../../../calls/platforms';
import { CALL_SCRIPTS } from '../../../calls/scripts';
import { REPO_ROOT } from '../../support/paths';

describe('platformForUrl', () => {
  it.each([
    ['https://meet.google.com/abc-defg-hij', 'meet'],
    ['https://app.zoom.us/wc/123456789/join', 'zoom'],
    ['https://us02web.zoom.us/wc/123/start', 'zoom'],
    ['https://teams.microsoft.com/v2/', 'teams'],
    ['https://teams.cloud.microsoft/', 'teams'],
    ['https://teams.live.com/meet/9381', 'teams'],
    ['https://meet.jit.si/SomeRoom', 'jitsi'],
    ['https://applications.zoomgov.com/wc/1612345678/join', 'zoom'],
    ['https://demo.bigbluebutton.org/html5client/join?sessionToken=x', 'bigbluebutton'],
    ['https://video.simplepractice.com/appt-1', 'simplepractice'],
    ['https://www.therapynotes.com/app/telehealth/1', 'therapynotes'],
    ['https://doxy.me/drsmith', 'doxy'],
    ['https://clinic.vsee.com/u/room', 'vsee'],
    ['https://whereby.com/room', 'whereby'],
    ['https://clinic.webex.com/meet/x', 'webex'],
    ['http://127.0.0.1:5173/squircle-demo/', 'demo'],
    ['http://localhost/squircle-demo/index.html', 'demo'],
  ])('%s is %s', (url, id) => {
    expect(platformForUrl(url)?.id).toBe(id);
  });

  it.each([
    'https://example.com/',
    'https://meet.google.com.evil.example/abc',
    'https://evilzoom.us/wc/1',
    'http://meet.google.com/abc',
    'https://zoom.us/',
    'http://127.0.0.1/other/',
    'https://zoom.us.evil.example/wc/1',
    'https://meet.google.com:443@evil.example/abc',
    'not a url',
    '',
    undefined,
  ])('%s is no platform', (url) => {
    expect(platformForUrl(url)).toBeUndefined();
  });

  it('accepts self-hosted hosts only when granted, and only over https', () => {
    expect(platformForUrl('https://jitsi.clinic.example/room')).toBeUndefined();
    expect(platformForUrl('https://jitsi.clinic.example/room', ['jitsi.clinic.example'])?.id).toBe('jitsi');
    expect(platformForUrl('http://jitsi.clinic.example/room', ['jitsi.clinic.example'])).toBeUndefined();
  });

  it('lists every platform the product names, each with patterns', () => {
    expect(PLATFORMS.map((p) => p.id)).toEqual([
      'meet',
      'zoom',
      'teams',
      'jitsi',
      'bigbluebutton',
      'simplepractice',
      'therapynotes',
      'doxy',
      'vsee',
      'whereby',
      'webex',
      'demo',
    ]);
    expect(ALL_MATCHES.length).toBeGreaterThanOrEqual(PLATFORMS.length);
    // Every pattern is of the one form matchesPattern reads: scheme, host, path ending in '*'.
    for (const p of ALL_MATCHES) expect(p).toMatch(/^https?:\/\/(\*\.)?[^/*]+\/[^*]*\*$/);
  });
});

describe('content scripts', () => {
  it("each platform is in exactly one script, whose entry starts it with that platform's adapter", () => {
    const listed = Object.values(CALL_SCRIPTS).flat();
    expect([...listed].sort()).toEqual(PLATFORMS.map((p) => p.id).sort());
    for (const [name, ids] of Object.entries(CALL_SCRIPTS)) {
      const entry = readFileSync(join(REPO_ROOT, 'entrypoints', `${name}.ts`), 'utf8');
      const started = /startCall\(\{([^}]*)\}/
        .exec(entry)?.[1]
        ?.split(',')
        .map((s) => s.trim());
      expect(started?.sort()).toEqual([...ids].sort());
    }
  });
});
