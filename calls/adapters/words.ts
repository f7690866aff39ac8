/**
 * Every piece of visible or accessible text the adapters match, one table per
 * language, lower case. Attributes that are not text come first in every
 * adapter; these are the fallback, and an English-only match fails in other
 * languages (LambyPants/google-meet-randomizer issue 6), hence the tables.
 * Only English is taken from evidence (docs/PLATFORMS.md, the fixtures' notes);
 * add a language by adding a table, never by editing an adapter.
 */
export interface Words {
  /** An accessible name that starts so is a leave / hang-up control. */
  leave: string[];
  /** ...is a control shown only while the local user shares ("Stop sharing", Meet's "You are presenting"). */
  stopShare: string[];
  /** ...is a share toggle: with aria-pressed="true" the local user shares. */
  share: string[];
  /** A tile whose name contains this is a presentation, not a person (Meet). */
  presentation: string[];
  /** A tile name containing this is the local user's own presentation (Meet). */
  ownPresentation: string[];
  /** The people-list prefix before a name (Meet: aria-label="Participant: Ana"). */
  participant: string[];
  /** The accessible name of the list of people (Meet 2025: list "Participants"). */
  peopleList: string[];
  /** A notification ending so tells that someone joined, or left ("Ana joined"). */
  joined: string[];
  left: string[];
  /** A name ending so is the local user ("Ana (You)"). */
  me: string[];
  /** The local user's avatar label before their name (Teams: "Profile picture of Ana."). */
  avatar: string[];
}

export const EN: Words = {
  leave: ['leave', 'end call', 'hang up', 'end meeting'],
  stopShare: ['stop presenting', 'stop sharing', 'stop share', 'stop screen shar', 'you are presenting'],
  share: ['share', 'toggle screenshare', 'present'],
  presentation: ['presentation'],
  ownPresentation: ['your presentation'],
  participant: ['participant: '],
  peopleList: ['participants'],
  joined: [' joined'],
  left: [' left'],
  me: ['(you)', '(me)'],
  avatar: ['profile picture of '],
};

const TABLES: readonly Words[] = [EN];

/** All tables merged: a page may be in any language the user chose. */
export const WORDS = Object.fromEntries(
  Object.keys(EN).map((k) => [k, TABLES.flatMap((t) => t[k as keyof Words])]),
) as unknown as Words;

/** The entry of `list` that `s` starts with, if any. */
export const prefix = (s: string, list: readonly string[]) => list.find((w) => s.toLowerCase().startsWith(w));
export const startsWith = (s: string, list: readonly string[]) => !!prefix(s, list);
export const includes = (s: string, list: readonly string[]) => list.some((w) => s.toLowerCase().includes(w));
export const endsWith = (s: string, list: readonly string[]) => list.some((w) => s.toLowerCase().endsWith(w));
