import { allCategories, familyOf } from './categories';
import type { CategoryCode, CustomCategory, Marker, Member, NoteClass } from './types';
import { t } from '../util/i18n';

/**
 * What each class of note may hold: the one rule for every template, export
 * and "Insert timeline".
 *
 * A progress note is the clinical record that a client's chart, an auditor or
 * a payer may read. It holds observations of the group, risk and what was
 * done about it. It never holds:
 * - the leaders' own process: their distraction, self-disclosure, an
 *   empathic failure and its repair;
 * - what passed between the leaders: signals and what they said aloud to
 *   each other;
 * - any member by name or status: a group progress note is about the group,
 *   and what concerns one member belongs in that member's own record. So it
 *   counts attendance instead of listing it, leaves out markers made about
 *   one member, and hides members' names found in free text.
 *
 * The process (psychotherapy) note keeps everything.
 */
const PROCESS_ONLY_FAMILIES: ReadonlySet<string> = new Set(['coleader', 'signal']);
const PROCESS_ONLY_CATEGORIES: ReadonlySet<CategoryCode> = new Set([
  'presence.distracted',
  'presence.disclosure',
  'presence.rupture',
  'presence.repair',
]);

/** What the rule needs besides the marker. */
export interface NoteScope {
  /** The group's or the client's id: in a client's own session, markers about the client stay. */
  ownerId: string;
  custom?: readonly CustomCategory[] | undefined;
}

/** Whether a marker may appear in a note of this class. */
export function markerBelongsIn(m: Marker, noteClass: NoteClass, scope: NoteScope): boolean {
  if (m.deleted) return false;
  if (noteClass === 'process') return true;
  if (m.memberId && m.memberId !== scope.ownerId) return false;
  const custom = scope.custom;
  const family = allCategories(custom).find((c) => c.code === m.category)?.family ?? familyOf(m.category).id;
  return !PROCESS_ONLY_CATEGORIES.has(m.category) && !PROCESS_ONLY_FAMILIES.has(family);
}

/** Whether attendance may be listed member by member (only in process notes). */
export const listsMembersIn = (noteClass: NoteClass): boolean => noteClass === 'process';

/**
 * Replaces every word of the given names (first name, surname, nickname,
 * the whole name) with `replacement` ("[a member]" in the current language
 * unless given), whole words only and ignoring case.
 * Best effort: a name spelled differently or misspelt is not caught.
 */
export function hideNames(
  text: string,
  names: readonly string[],
  replacement = t('clientNoteText.hiddenName'),
): string {
  const words = new Set<string>();
  for (const name of names) {
    const whole = name.trim();
    if (whole) words.add(whole);
    // Every word of it: a nickname in quotes or brackets ('Robert "Bobby" Okafor') is a word too.
    for (const part of whole.split(/[^\p{L}\p{N}'’-]+/u)) {
      const word = part.replace(/^['’-]+|['’-]+$/g, '');
      if (word.length >= 2) words.add(word);
    }
  }
  if (!words.size) return text;
  // Longest first, so that "Blake Smith" goes as one before "Blake" could.
  const alternatives = [...words].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return text.replace(re, replacement);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The markers of a note of this class, oldest first. */
export function markersFor(markers: readonly Marker[], noteClass: NoteClass, scope: NoteScope): Marker[] {
  return markers.filter((m) => markerBelongsIn(m, noteClass, scope)).sort((a, b) => a.at - b.at);
}

/** Attendance as counts, for a note that may not name members: "4 present, 1 late". */
export function attendanceCounts(attendance: Readonly<Record<string, string>>, words: Record<string, string>): string {
  const counts = new Map<string, number>();
  for (const status of Object.values(attendance)) counts.set(status, (counts.get(status) ?? 0) + 1);
  return Object.keys(words)
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${words[s]}`)
    .join(', ');
}

/** Every name a member goes by, for hideNames. */
export const namesOf = (members: readonly Pick<Member, 'name'>[]): string[] => members.map((m) => m.name);
