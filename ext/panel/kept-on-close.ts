import { browser } from 'wxt/browser';
import { fromBase64, toBase64 } from '../../crypto';
import type { FieldCipher, FieldContext } from '../../crypto/types';

/**
 * Typed text a page still held as it closed or was locked. A closing page
 * cannot finish an IndexedDB write (the browser aborts it with the page),
 * and a lock erases the key a save needs, but a storage.session write is
 * handed to the browser at once: the text is sealed there (memory only, like
 * the key beside it), and the field saves it the next time it opens. A save
 * of the field drops it, so it never comes back over newer text.
 */
export interface KeptSlot {
  /** The storage.session key. */
  readonly key: string;
  /** What the text is sealed to: a slot's text does not open as another's. */
  readonly context: FieldContext;
}

/** The scratch note's slot. */
export const SCRATCH_SLOT: KeptSlot = { key: 'scratchOnClose', context: { table: 'scratch', id: 'on-close', v: 1 } };

/** The slot of a session's note in one template. */
export function noteSlot(sessionId: string, template: string): KeptSlot {
  const id = `${sessionId}:${template}`;
  return { key: `noteOnClose:${id}`, context: { table: 'notes', id: `on-close:${id}`, v: 1 } };
}

/** Synchronous up to the hand-over: called while the page is being hidden, closed or locked. */
export function keepOnClose(cipher: FieldCipher, text: string, slot: KeptSlot = SCRATCH_SLOT): void {
  void browser.storage.session.set({ [slot.key]: toBase64(cipher.seal(text, slot.context)) }).catch(() => undefined);
}

/** The kept text, if any that this key opens. */
export async function keptOnClose(cipher: FieldCipher, slot: KeptSlot = SCRATCH_SLOT): Promise<string | undefined> {
  const got = (await browser.storage.session.get(slot.key))[slot.key];
  if (typeof got !== 'string') return undefined;
  try {
    return cipher.open(fromBase64(got), slot.context);
  } catch {
    // Sealed under a key no longer in use (a rotation since): nothing this vault can read.
    await dropKeptOnClose(slot);
    return undefined;
  }
}

export async function dropKeptOnClose(slot: KeptSlot = SCRATCH_SLOT): Promise<void> {
  await browser.storage.session.remove(slot.key);
}

type Fields = Record<string, string>;
type Contexts = Record<string, string[]>;

/** Handed-over note fields as stored; anything else (a changed format) is not taken back. */
function parseKeptNote(text: string): { changed: Fields; shown: Contexts; at: number } | undefined {
  try {
    const v = JSON.parse(text) as { changed?: unknown; shown?: unknown; at?: unknown };
    const isStrings = (o: unknown): o is Fields =>
      !!o && typeof o === 'object' && Object.values(o).every((x) => typeof x === 'string');
    const isContexts = (o: unknown): o is Contexts =>
      !!o &&
      typeof o === 'object' &&
      Object.values(o).every((x) => Array.isArray(x) && x.every((y) => typeof y === 'string'));
    return isStrings(v.changed) && isContexts(v.shown) && typeof v.at === 'number'
      ? { changed: v.changed, shown: v.shown, at: v.at }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The session note's hand-over (components/session/api.ts notes.keep, kept, dropKept) under `cipher`. */
export function keptNotes(cipher: FieldCipher) {
  const kept = async (sessionId: string, template: string) => {
    const slot = noteSlot(sessionId, template);
    const text = await keptOnClose(cipher, slot);
    if (text === undefined) return undefined;
    const note = parseKeptNote(text);
    if (!note) await dropKeptOnClose(slot);
    return note;
  };
  return {
    keep: (sessionId: string, template: string, changed: Fields, shown: Contexts): void =>
      keepOnClose(cipher, JSON.stringify({ changed, shown, at: Date.now() }), noteSlot(sessionId, template)),
    kept,
    dropKept: async (sessionId: string, template: string, saved: Fields, since: number): Promise<void> => {
      const k = await kept(sessionId, template);
      // Handed over before the save began: the save took the fields as they were then or later.
      if (k && (k.at < since || Object.entries(k.changed).every(([id, text]) => saved[id] === text)))
        await dropKeptOnClose(noteSlot(sessionId, template));
    },
  };
}
