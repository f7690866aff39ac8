import { describe, expect, it } from 'vitest';
import { hostFromInput, hostPattern, patternHost, planHosted } from '../../../calls/hosted';
import { ALL_MATCHES, platformForUrl } from '../../../calls/platforms';
import { callHosts, resolveSettings } from '../../../policy/settings';

describe('self-hosted hosts', () => {
  it('a host is asked for and matched as its https pages only', () => {
    expect(hostPattern('Meet.Clinic.Example')).toBe('https://meet.clinic.example/*');
    expect(patternHost('https://meet.clinic.example/*')).toBe('meet.clinic.example');
    expect(patternHost('https://*/*')).toBeUndefined();
    expect(patternHost('https://*.zoom.us/wc/*')).toBeUndefined();
    expect(patternHost('http://meet.clinic.example/*')).toBeUndefined();
  });

  it('reads a typed host or a call address, and says why anything else is refused', () => {
    expect(hostFromInput('  meet.clinic.example ')).toEqual({ host: 'meet.clinic.example' });
    expect(hostFromInput('https://BBB.clinic.example/html5client/join?x=1')).toEqual({ host: 'bbb.clinic.example' });
    expect(hostFromInput('')).toEqual({ error: expect.stringContaining('Type the server') });
    expect(hostFromInput('http://meet.clinic.example/room')).toEqual({ error: expect.stringContaining('https://') });
    expect(hostFromInput('https://meet.clinic.example:8443/room')).toEqual({ error: expect.stringContaining('port') });
    expect(hostFromInput('localhost')).toEqual({ error: expect.stringContaining('not a server name') });
    expect(hostFromInput('meet clinic')).toEqual({ error: expect.stringContaining('not a server name') });
    expect(hostFromInput('https://')).toEqual({ error: expect.stringContaining('not a server name or') });
  });

  it('a self-hosted page reads as BigBlueButton under /html5client/, otherwise as Jitsi Meet', () => {
    const hosts = ['meet.clinic.example'];
    expect(platformForUrl('https://meet.clinic.example/GroupRoom', hosts)?.id).toBe('jitsi');
    expect(platformForUrl('https://MEET.clinic.example/html5client/join?s=1', hosts)?.id).toBe('bigbluebutton');
    expect(platformForUrl('https://meet.clinic.example/GroupRoom', ['MEET.Clinic.Example'])?.id).toBe('jitsi');
    expect(platformForUrl('https://other.clinic.example/html5client/join', hosts)).toBeUndefined();
  });

  it('registers on granted listed hosts and gives back what is no longer listed, never the manifest’s hosts', () => {
    const granted = [
      ...ALL_MATCHES,
      'https://meet.clinic.example/*',
      'https://old.clinic.example/*',
      'https://meet.jit.si/*', // also the manifest's: never given back
      'https://app.zoom.us/*', // Chromium's form of a content script's host: never given back either
    ];
    const plan = planHosted(['meet.clinic.example', 'bbb.clinic.example', 'meet.jit.si'], granted, ALL_MATCHES);
    // bbb.clinic.example is listed but not granted yet: nothing registered there.
    expect(plan).toEqual({ matches: ['https://meet.clinic.example/*'], release: ['https://old.clinic.example/*'] });
    expect(planHosted([], ALL_MATCHES, ALL_MATCHES)).toEqual({ matches: [], release: [] });
  });

  it("the hosts in force are the clinic's and the clinician's once each; none when both platforms are refused", () => {
    const r = resolveSettings(
      { ownCallHosts: ['meet.clinic.example', 'jitsi.mine.example'] },
      { extraPlatformHosts: ['Meet.Clinic.Example', 'bbb.clinic.example'] },
    );
    expect(callHosts(r.settings).sort()).toEqual(['bbb.clinic.example', 'jitsi.mine.example', 'meet.clinic.example']);
    const refused = resolveSettings(
      { ownCallHosts: ['jitsi.mine.example'] },
      { extraPlatformHosts: ['bbb.clinic.example'], allowedPlatforms: ['meet', 'zoom'] },
    );
    expect(callHosts(refused.settings)).toEqual([]);
    expect(resolveSettings({ ownCallHosts: ['not a host'] }).ignored).toEqual([
      { key: 'ownCallHosts', source: 'user', reason: 'an entry is not a host name' },
    ]);
  });
});
