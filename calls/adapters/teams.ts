import { $, $$, type Adapter, clean, label, leafText, others, report, sharing, shown } from './dom';
import { WORDS, prefix } from './words';

/**
 * Microsoft Teams (web). Evidence (docs/PLATFORMS.md; transcriptonic
 * content-teams.js; Live-Captions-Saver content_script.js; and a public tool
 * that reads Teams over CDP, for the tile, name-tag and avatar attributes):
 * - in a call: a shown hang-up control `#hangup-button`,
 *   `[data-tid="hangup-main-btn"]`, `-leave-button`, `-end-meeting-button`;
 *   pre-join: `#prejoin-join-button` (its hidden hang-up does not count);
 * - people: roster rows `[data-tid^="participantsInCall-<name>"]` or
 *   `attendeesInMeeting-<name>` (only while the People pane is open), and
 *   stage tiles `[data-cid="calling-participant-stream"]` named by
 *   `[data-tid="participant-info-nametag"]`;
 * - the local user: `[data-tid="me-control-avatar"]` labelled
 *   "Profile picture of <name>." (localised, see words.ts). Without it the
 *   local user cannot be told apart and may be listed.
 * - meeting id: the thread id `19:meeting_…@thread.v2` in the URL, or
 *   /meet/<id> on teams.live.com.
 * Presenting: no evidence; only the generic signal (a shown control named
 * "Stop sharing", a pressed share toggle). Unverified on the real site.
 */
const HANGUP =
  '#hangup-button,[data-tid="hangup-main-btn"],[data-tid="hangup-leave-button"],[data-tid="hangup-end-meeting-button"]';
const ROSTER = '[data-tid^="participantsInCall-"],[data-tid^="attendeesInMeeting-"]';
const TILE = '[data-cid="calling-participant-stream"]';
const ANCHORS = [
  HANGUP,
  ROSTER,
  TILE,
  '#prejoin-join-button',
  '[data-tid="calling-toolbar-people-button"]',
  '[data-tid="me-control-avatar"]',
].join(',');
const THREAD = /19:meeting_[^/?#&]+@thread\.v2|\/meet\/(\d+)/;

function selfName(doc: Document): string {
  const avatar = $(doc, '[data-tid="me-control-avatar"]');
  const l = avatar ? label(avatar) : '';
  const p = prefix(l, WORDS.avatar);
  return p
    ? l.slice(p.length).replace(/\.$/, '').trim()
    : clean($(doc, '[data-tid="me-control-displayname"]')?.textContent);
}

export const teams: Adapter = {
  read(doc, url) {
    const names = $$(doc, ROSTER).map((r) => {
      const tid = r.getAttribute('data-tid')!;
      return tid.slice(tid.indexOf('-') + 1);
    });
    for (const t of $$(doc, TILE))
      names.push(clean($(t, '[data-tid="participant-info-nametag"]')?.textContent) || leafText(t));
    let href = url.href;
    try {
      href = decodeURIComponent(href);
    } catch {
      // A malformed escape: read the raw address.
    }
    const m = THREAD.exec(href);
    return report(
      'teams',
      doc,
      !!$(doc, ANCHORS),
      $$(doc, HANGUP).some(shown),
      sharing(doc),
      others(names, selfName(doc)),
      m ? (m[1] ?? m[0]) : '',
      !!$(doc, `${ROSTER},${TILE}`),
    );
  },
};
