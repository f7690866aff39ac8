import { $, $$, type Adapter, clean, leafText, leaveButton, others, report, sharing } from './dom';
import { WORDS, endsWith } from './words';

/**
 * Jitsi Meet, built from jitsi/jitsi-meet's React components (the fixture
 * names the file for each):
 * - toolbox `#new-toolbox` (Toolbox.tsx); its buttons are `[role="button"]`
 *   with `aria-label` and `aria-pressed` (ToolboxItem.js); in a call when the
 *   toolbox holds the hang-up control, found by its label (HangupButton.js),
 *   or the local thumbnail `#localVideoContainer` is there (Thumbnail.tsx);
 * - people: remote thumbnails `#participant_<id>` (Thumbnail.tsx; the
 *   `<id>-v<n>` ones are screen shares, not people) and participants-pane
 *   rows `#participant-item-<id>` (ParticipantItem.tsx), the local row ending
 *   "(you)" (localised, words.ts);
 * - presenting: the screen-share toggle is pressed (ShareDesktopButton.ts);
 * - meeting id: the room name in the path.
 */
export const jitsi: Adapter = {
  root: '#react',
  read(doc, url) {
    const toolbox = $(doc, '#new-toolbox');
    let self = '';
    const names: string[] = [];
    for (const el of $$(doc, '[id^="participant_"],[id^="participant-item-"]')) {
      if (/_name$|-v\d+$/.test(el.id)) continue;
      const name = leafText(el);
      if (endsWith(clean(el.textContent), WORDS.me)) self = name;
      else names.push(name);
    }
    let room = url.pathname.slice(1);
    try {
      room = decodeURIComponent(room);
    } catch {
      // A malformed escape: keep the raw path.
    }
    return report(
      'jitsi',
      doc,
      !!$(doc, '#new-toolbox,#localVideoContainer,[id^="participant-item-"]'),
      !!(toolbox && leaveButton(toolbox)) || !!$(doc, '#localVideoContainer'),
      sharing(doc),
      others(names, self),
      room,
      !!self || names.length > 0,
    );
  },
};
