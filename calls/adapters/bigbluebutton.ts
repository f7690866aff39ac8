import { $, $$, type Adapter, clean, report, sharing, shown } from './dom';

/**
 * BigBlueButton's HTML5 client, from the platform's own end-to-end tests
 * (bigbluebutton/bigbluebutton bigbluebutton-tests/playwright/core/elements.js,
 * docs/PLATFORMS.md), which select the page by its `data-test` attributes:
 * - people: user-list items `[data-test="userListItem"]`, named by their first
 *   text outside the avatar `[data-test-avatar]` (initials); the local user's
 *   item is `[data-test="userListItemCurrent"]` and is left out by that;
 * - in a call: the leave control `[data-test="leaveMeetingDropdown"]` (or the
 *   microphone / join-audio controls); ended: `[data-test="meetingEndedModal"]`;
 * - presenting: `[data-test="stopScreenShare"]`, or a shown
 *   `[data-test="isSharingScreen"]`, or the generic `sharing()`;
 * - meeting id: none. The address carries a per-user session token, not the room.
 */
const IN_CALL = '[data-test="leaveMeetingDropdown"],[data-test="microphoneBtn"],[data-test="joinAudio"]';

/** The first text leaf of a user-list item that is not its avatar's initials. */
function name(item: Element): string {
  for (const e of $$(item, '*')) {
    const t = e.children.length || e.closest('[data-test-avatar],[aria-hidden="true"]') ? '' : clean(e.textContent);
    if (t) return t;
  }
  return '';
}

export const bigbluebutton: Adapter = {
  read(doc) {
    const inCall = !!$(doc, IN_CALL) && !$(doc, '[data-test="meetingEndedModal"]');
    return report(
      'bigbluebutton',
      doc,
      inCall || !!$(doc, '[data-test="meetingEndedModal"],[data-test="userList"]'),
      inCall,
      !!$(doc, '[data-test="stopScreenShare"]') || $$(doc, '[data-test="isSharingScreen"]').some(shown) || sharing(doc),
      $$(doc, '[data-test="userListItem"]').map(name),
      '',
      !!$(doc, '[data-test="userList"]'),
    );
  },
};
