import type { PlatformId } from '../platforms';
import { $, $$, type Adapter, clean, label, leafText, others, remembered, report, sharing, shown } from './dom';
import { WORDS, includes, prefix } from './words';

/**
 * Google Meet (and the practice call, which carries Meet's conventions).
 * Evidence, from public extensions that read the real page (docs/PLATFORMS.md):
 * - in a call: the leave button's icon ligature `call_end` in `.google-symbols`
 *   (transcriptonic content-google-meet.js; Google-Meet-Attendance attendance.js),
 *   older markup `[data-allocation-index]` on tiles; ended: `[data-call-ended="true"]`;
 * - meeting id: `[data-unresolved-meeting-id]`, else the path `/abc-defg-hij`;
 * - people: tiles `[data-participant-id]`, the local tile `[data-self-name]`,
 *   the people list `[aria-label^="Participant:"]` (Google-Meet-Attendance
 *   early-loaders.js; Late-Meet content.ts).
 * Presenting has no reliable selector anywhere, so three weak signals of the
 * local user's share are combined, any one enough (the panel hides itself
 * while presenting, so a miss costs more than a false alarm): a tile named
 * as the local user's presentation, the present button's icon turning to
 * `cancel_presentation`, a shown control named "Stop presenting".
 */
const ANCHORS =
  '[data-unresolved-meeting-id],[data-participant-id],[data-self-name],[data-allocation-index],[data-call-ended]';
const CODE = /^\/([a-z]{3}-[a-z]{4}-[a-z]{3})(?:[/?#]|$)/;

const PEOPLE = '[data-participant-id],[role="listitem"][aria-label]';
/** What one tile or people-list row says; remembered until it changes (calls/watch.ts). */
function person(el: Element): { id: string | null; listed: boolean; name: string; presentation: boolean } {
  const id = el.getAttribute('data-participant-id');
  const aria = label(el);
  const listed = prefix(aria, WORDS.participant);
  const name = listed ? aria.slice(listed.length).trim() : id ? leafText(el) : '';
  return { id, listed: !!listed, name, presentation: includes(name, WORDS.presentation) };
}

const iconWord = (i: Element) => clean(i.textContent);

/** The icon ligatures on the page, read once per report. */
const ligatures = (doc: Document) => new Set($$(doc, '.google-symbols').map((i) => remembered(i, iconWord)));

export const meetLike = (platform: PlatformId): Adapter => {
  const a: Adapter & Required<Pick<Adapter, 'page' | 'people'>> = {
    root: '[data-unresolved-meeting-id]',
    // The call UI holds the clock, captions and chat: watch only tiles, the people list and the controls.
    items: PEOPLE,
    regions: 'button,[role="button"],.google-symbols,[data-call-ended]',
    read: (doc, url) => a.people(a.page(doc, url), doc, $$(doc, PEOPLE)),
    page(doc, url) {
      const self = $(doc, '[data-self-name]');
      const icons = ligatures(doc);
      const callEnd = icons.has('call_end');
      const ended = $$(doc, '[data-call-ended="true"]').some(shown);
      return {
        anchored: callEnd || !!$(doc, ANCHORS),
        inCall: !ended && (callEnd || !!$(doc, '[data-allocation-index]')),
        presenting: icons.has('cancel_presentation') || icons.has('stop_screen_share') || sharing(doc),
        meetingId:
          $(doc, '[data-unresolved-meeting-id]')?.getAttribute('data-unresolved-meeting-id') ??
          CODE.exec(url.pathname)?.[1] ??
          '',
        self: clean(self?.getAttribute('data-self-name')),
        selfId: self?.getAttribute('data-participant-id') ?? null,
      };
    },
    people(page, doc, items) {
      const byId = new Map<string, string>();
      let mine = false;
      for (const el of items) {
        const { id, listed, name, presentation } = remembered(el, person);
        if ((id && id === page.selfId) || (!id && !listed)) continue;
        if (presentation) {
          mine ||= includes(name, WORDS.ownPresentation) || (!!page.self && name.startsWith(page.self));
          continue;
        }
        byId.set(id || name, name);
      }
      return report(
        platform,
        doc,
        page.anchored || byId.size > 0,
        page.inCall,
        mine || page.presenting,
        others(byId.values(), page.self),
        page.meetingId,
      );
    },
  };
  return a;
};

export const meet = meetLike('meet');
