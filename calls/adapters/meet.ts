import type { PlatformId } from '../platforms';
import {
  $,
  $$,
  type Adapter,
  clean,
  label,
  leafText,
  leaveButton,
  others,
  remembered,
  report,
  sharing,
  shown,
} from './dom';
import { WORDS, includes, prefix } from './words';

/**
 * Google Meet (and the practice call, which carries Meet's conventions), two
 * generations side by side (docs/PLATFORMS.md, fixtures meet.html and
 * meet-2025.html):
 * - 2025 (an accessibility-tree dump of the real page, November 2025): people
 *   are rows of the list "Participants" in the side panel, each a listitem
 *   named by the person; the local user's row holds "(You)", the local user's
 *   presentation a row holding "Your presentation". While the panel is closed
 *   the rows are gone: the roster is the last complete list, followed by the
 *   "<Name> joined" / "<Name> left" notifications (in a live region). In a call:
 *   the leave control by its name ("Leave call"); presenting: the control
 *   "You are presenting" or a shown "Stop presenting".
 * - earlier markup (transcriptonic content-google-meet.js; Google-Meet-Attendance
 *   attendance.js and early-loaders.js; Late-Meet content.ts): tiles
 *   `[data-participant-id]`, the local tile `[data-self-name]`, people-list rows
 *   labelled "Participant: <Name>", the leave icon ligature `call_end` in
 *   `.google-symbols`, `[data-allocation-index]`, `[data-call-ended="true"]`,
 *   `[data-unresolved-meeting-id]`.
 * Meeting id: `[data-unresolved-meeting-id]`, else the code in the path.
 * Presenting has no reliable selector anywhere, so weak signals of the local
 * user's share are combined, any one enough (the panel hides itself while
 * presenting, so a miss costs more than a false alarm).
 */
const ANCHORS =
  '[data-unresolved-meeting-id],[data-participant-id],[data-self-name],[data-allocation-index],[data-call-ended]';
const CODE = /^\/([a-z]{3}-[a-z]{4}-[a-z]{3})(?:[/?#]|$)/;

const PEOPLE = '[data-participant-id],[role="listitem"][aria-label]';

interface Person {
  id: string | null;
  name: string;
  /** A row of the 2025 list "Participants". */
  row: boolean;
  self: boolean;
  presentation: boolean;
  mine: boolean;
}

/** What one tile or people-list row says (undefined: not a person); remembered until it changes (calls/watch.ts). */
function person(el: Element): Person | undefined {
  const id = el.getAttribute('data-participant-id');
  const aria = label(el);
  const listed = prefix(aria, WORDS.participant);
  const list = id || listed ? null : el.closest('[role="list"]');
  const row = !!list && WORDS.peopleList.includes(label(list).toLowerCase());
  const name = listed ? aria.slice(listed.length).trim() : row ? aria : id ? leafText(el) : '';
  if (!name) return undefined;
  const text = clean(el.textContent);
  const mine = includes(row ? text : name, WORDS.ownPresentation);
  return {
    id,
    name,
    row,
    self: includes(text, WORDS.me),
    presentation: mine || includes(name, WORDS.presentation),
    mine,
  };
}

const iconWord = (i: Element) => clean(i.textContent);

/** The icon ligatures on the page, read once per report. */
const ligatures = (doc: Document) => new Set($$(doc, '.google-symbols').map((i) => remembered(i, iconWord)));

/** What a page's notifications told so far, and the last complete list of people (2025 markup). */
interface Roster {
  names: Set<string>;
  seen: WeakSet<Element>;
  /** The list was seen in this call: the roster holds a complete list. */
  complete: boolean;
}
const rosters = new WeakMap<Document, Roster>();
const rosterOf = (doc: Document) => {
  let r = rosters.get(doc);
  if (!r) rosters.set(doc, (r = { names: new Set(), seen: new WeakSet(), complete: false }));
  return r;
};

/** Applies each join or leave notification once to the roster. */
function notices(doc: Document): void {
  const r = rosterOf(doc);
  for (const n of $$(doc, '[aria-live] > *')) {
    if (r.seen.has(n)) continue;
    r.seen.add(n);
    const t = leafText(n);
    const joined = WORDS.joined.find((w) => t.endsWith(w));
    const left = WORDS.left.find((w) => t.endsWith(w));
    if (joined) r.names.add(t.slice(0, -joined.length).trim());
    else if (left) r.names.delete(t.slice(0, -left.length).trim());
  }
}

export const meetLike = (platform: PlatformId): Adapter => {
  const a: Adapter & Required<Pick<Adapter, 'page' | 'people'>> = {
    // The call UI holds the clock, captions and chat: watch only tiles, rows, controls and notifications.
    root: 'body',
    items: PEOPLE,
    regions: 'button,[role="button"],.google-symbols,[data-call-ended],[aria-live]',
    transient: '[aria-live]',
    read: (doc, url) => a.people(a.page(doc, url), doc, $$(doc, PEOPLE)),
    page(doc, url) {
      const self = $(doc, '[data-self-name]');
      const icons = ligatures(doc);
      const leave = icons.has('call_end') || !!leaveButton(doc);
      const ended = $$(doc, '[data-call-ended="true"]').some(shown);
      return {
        anchored: leave || !!$(doc, ANCHORS),
        inCall: !ended && (leave || !!$(doc, '[data-allocation-index]')),
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
      notices(doc);
      const byId = new Map<string, string>();
      let mine = false;
      let self = page.self;
      let rows = false;
      let any = false;
      for (const el of items) {
        const p = remembered(el, person);
        if (!p) continue;
        any = true;
        rows ||= p.row;
        if (p.self || (p.id && p.id === page.selfId)) {
          if (p.row && !p.presentation) self ||= p.name;
          continue;
        }
        if (p.presentation) {
          mine ||= p.mine || (!!self && p.name.startsWith(self));
          continue;
        }
        byId.set(p.id || p.name, p.name);
      }
      const roster = rosterOf(doc);
      // The list is shown: it is complete, and the roster from now on. Hidden: the roster stands in,
      // for as long as the call lasts.
      if (rows || !page.inCall) {
        roster.names = new Set(byId.values());
        roster.complete = rows;
      }
      const names = any ? byId.values() : roster.names;
      return report(
        platform,
        doc,
        page.anchored || byId.size > 0,
        page.inCall,
        mine || page.presenting,
        others(names, self),
        page.meetingId,
        // No tile, no row, and the list never seen: who is there is not known (open the People panel once).
        any || roster.complete,
      );
    },
  };
  return a;
};

export const meet = meetLike('meet');
