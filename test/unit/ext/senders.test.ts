import { describe, expect, it } from 'vitest';
import { isCallPageSender } from '../../../ext/background/senders';

const own = 'pjkdbfajfdaaffhfldjodmidmhoelggk';

describe('isCallPageSender', () => {
  const meetTab = { id: own, url: 'https://meet.google.com/abc-defg-hij', tab: { id: 4 } };

  it('accepts our content script on a page of the platform it claims', () => {
    expect(isCallPageSender(meetTab, own, 'meet')).toBe(true);
  });

  it('refuses a claim that does not match the page', () => {
    expect(isCallPageSender(meetTab, own, 'zoom')).toBe(false);
    expect(isCallPageSender({ ...meetTab, url: 'https://example.com/' }, own, 'meet')).toBe(false);
  });

  it('refuses other extensions and senders without a tab', () => {
    expect(isCallPageSender({ ...meetTab, id: 'someoneelse' }, own, 'meet')).toBe(false);
    expect(isCallPageSender({ id: own, url: meetTab.url }, own, 'meet')).toBe(false);
  });

  describe('the practice page inside the extension', () => {
    const origin = `chrome-extension://${own}/`;
    const page = { id: own, url: `${origin}practice.html`, tab: { id: 9 } };

    it('is accepted as the demo platform from its own address only', () => {
      expect(isCallPageSender(page, own, 'demo', { ownOrigin: origin })).toBe(true);
      expect(
        isCallPageSender({ ...page, url: `${origin}practice.html?scenario=x` }, own, 'demo', { ownOrigin: origin }),
      ).toBe(true);
    });

    it('claims nothing else, and another page of the extension is no call', () => {
      expect(isCallPageSender(page, own, 'meet', { ownOrigin: origin })).toBe(false);
      expect(isCallPageSender({ ...page, url: `${origin}options.html` }, own, 'demo', { ownOrigin: origin })).toBe(
        false,
      );
      expect(
        isCallPageSender({ ...page, url: `${origin}practice.html.evil` }, own, 'demo', { ownOrigin: origin }),
      ).toBe(false);
      expect(isCallPageSender(page, own, 'demo')).toBe(false);
      expect(isCallPageSender({ ...page, tab: undefined }, own, 'demo', { ownOrigin: origin })).toBe(false);
      expect(
        isCallPageSender({ ...page, url: 'chrome-extension://otherextensionid/practice.html' }, own, 'demo', {
          ownOrigin: origin,
        }),
      ).toBe(false);
    });
  });
});
