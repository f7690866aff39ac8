/**
 * Every piece of visible or accessible text the adapters match, one table per
 * language, lower case. Attributes that are not text come first in every
 * adapter; these are the fallback, and an English-only match fails in other
 * languages (LambyPants/google-meet-randomizer issue 6), hence the tables.
 * Every word comes from evidence (docs/PLATFORMS.md, "Words in other
 * languages"); a word nobody showed in a language is left out, never guessed.
 * Add a language by adding a table, never by editing an adapter.
 *
 * Only English ships in the content scripts (they must stay small); the
 * background hands a page the tables of its language when it says hello
 * (`tablesFor`, calls/send.ts), and `useWords` adds them to `WORDS`.
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

/** A table beyond English: only the words evidence gave. */
export type Table = Partial<Words>;

/** German: Meet, Jitsi Meet and Teams (docs/PLATFORMS.md). */
export const DE: Table = {
  leave: ['anruf verlassen', 'anruf beenden'],
  stopShare: ['bildschirmfreigabe stoppen', 'teilen beenden', 'präsentation beenden'],
  share: ['bildschirmfreigabe', 'teilen'],
  peopleList: ['teilnehmer'],
  joined: [' nimmt teil'],
  me: ['(ich)', '(sie)'],
};

/** Spanish: Meet and Jitsi Meet (docs/PLATFORMS.md). */
export const ES: Table = {
  leave: ['salir de la llamada', 'dejar la llamada'],
  stopShare: ['dejar de compartir pantalla'],
  share: ['alternar compartir pantalla'],
  presentation: ['presentación'],
  joined: [' se unió', ' se ha unido'],
  me: ['(tú)', '(usted)'],
};

/** Hebrew: Meet's leave control only (docs/PLATFORMS.md). */
export const HE: Table = {
  leave: ['עזיבת השיחה'],
};

/** The tables by primary language subtag ("iw" is Hebrew's former code, still sent by some pages). */
const TABLES: Readonly<Record<string, Table>> = { de: DE, es: ES, he: HE, iw: HE };

/**
 * The tables a page whose `<html lang>` is `lang` needs besides English: its
 * language's, none for English, and every table when the page names no
 * language we have a table for (a page may be in any language its user chose).
 */
export function tablesFor(lang: unknown): Table[] {
  const primary = typeof lang === 'string' ? /^[a-z]{2,3}(?![a-z])/i.exec(lang.trim())?.[0].toLowerCase() : undefined;
  if (primary === 'en') return [];
  const own = primary ? TABLES[primary] : undefined;
  return own ? [own] : [DE, ES, HE];
}

const KEYS = Object.keys(EN) as (keyof Words)[];

/** The words the adapters match now: English and the tables `useWords` added. */
export const WORDS: Words = { ...EN };

/**
 * Matches English and `tables` from now on (replacing tables added before).
 * Entries that are not strings are dropped; what was read with the old words
 * must be read again (calls/watch.ts `reread`).
 */
export function useWords(tables: readonly Table[]): void {
  for (const k of KEYS)
    WORDS[k] = [
      ...EN[k],
      ...tables.flatMap((t) => {
        const words: unknown = t?.[k];
        return Array.isArray(words) ? words.filter((w): w is string => typeof w === 'string') : [];
      }),
    ];
}

/** The entry of `list` that `s` starts with, if any. */
export const prefix = (s: string, list: readonly string[]) => list.find((w) => s.toLowerCase().startsWith(w));
export const startsWith = (s: string, list: readonly string[]) => !!prefix(s, list);
export const includes = (s: string, list: readonly string[]) => list.some((w) => s.toLowerCase().includes(w));
export const endsWith = (s: string, list: readonly string[]) => list.some((w) => s.toLowerCase().endsWith(w));
