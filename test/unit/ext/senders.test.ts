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
});
