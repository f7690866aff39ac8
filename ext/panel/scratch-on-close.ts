import { browser } from 'wxt/browser';
import { fromBase64, toBase64 } from '../../crypto';
import type { FieldCipher, FieldContext } from '../../crypto/types';

/**
 * Scratch text a panel still held as it closed. A closing page cannot finish
 * an IndexedDB write (the browser aborts it with the page), but a
 * storage.session write is handed to the browser at once: the text is sealed
 * there (memory only, like the key beside it), and the scratch note saves it
 * the next time it opens. Any save of the note drops it, so it never comes
 * back over newer text.
 */
const KEY = 'scratchOnClose';
const CONTEXT: FieldContext = { table: 'scratch', id: 'on-close', v: 1 };

/** Synchronous up to the hand-over: called while the page is being hidden or closed. */
export function keepOnClose(cipher: FieldCipher, text: string): void {
  void browser.storage.session.set({ [KEY]: toBase64(cipher.seal(text, CONTEXT)) }).catch(() => undefined);
}

/** The kept text, if any that this key opens. */
export async function keptOnClose(cipher: FieldCipher): Promise<string | undefined> {
  const got = (await browser.storage.session.get(KEY))[KEY];
  if (typeof got !== 'string') return undefined;
  try {
    return cipher.open(fromBase64(got), CONTEXT);
  } catch {
    // Sealed under a key no longer in use (a rotation since): nothing this vault can read.
    await dropKeptOnClose();
    return undefined;
  }
}

export async function dropKeptOnClose(): Promise<void> {
  await browser.storage.session.remove(KEY);
}
