import { browser } from 'wxt/browser';

/**
 * The privacy shade: a neutral screen over the panel, for screen sharing the
 * call page cannot see (a desktop app, another tab). Set by the `privacy-shade`
 * command (ext/background/main.ts) or the panel's Cover button, cleared only
 * by the panel's Reveal button. Kept in storage.session, so every open panel
 * covers at once and the shade outlives a panel reload.
 */
export const SHADE_KEY = 'privacyShade';

export async function setShade(on: boolean): Promise<void> {
  await browser.storage.session.set({ [SHADE_KEY]: on });
}

/** Calls back with the shade's state now and whenever it changes; returns a stop function. */
export function watchShade(cb: (on: boolean) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'session' && SHADE_KEY in changes) cb(changes[SHADE_KEY]!.newValue === true);
  };
  browser.storage.onChanged.addListener(listener);
  void browser.storage.session.get(SHADE_KEY).then((got) => cb(got[SHADE_KEY] === true));
  return () => browser.storage.onChanged.removeListener(listener);
}
