import { browser } from 'wxt/browser';
import { OPEN_EMERGENCY_KEY, OPEN_MARKER_KEY } from '../common/panel-requests';

export interface OpenMarker {
  id: string;
  focus: 'category' | 'member';
}

/** Follows the marker a shortcut asked the panel to open for a category or member. */
export function watchOpenMarker(cb: (m: OpenMarker | null) => void): () => void {
  const read = (v: unknown) => {
    const o = v as { id?: unknown; focus?: unknown } | undefined;
    cb(
      o && typeof o.id === 'string' && (o.focus === 'category' || o.focus === 'member')
        ? { id: o.id, focus: o.focus }
        : null,
    );
  };
  void browser.storage.session.get(OPEN_MARKER_KEY).then((got) => read(got[OPEN_MARKER_KEY]));
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'session' && OPEN_MARKER_KEY in changes) read(changes[OPEN_MARKER_KEY]?.newValue);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

export async function clearOpenMarker(): Promise<void> {
  await browser.storage.session.remove(OPEN_MARKER_KEY);
}

/** Follows the emergency-card shortcut. */
export function watchEmergency(cb: (open: boolean) => void): () => void {
  void browser.storage.session.get(OPEN_EMERGENCY_KEY).then((got) => cb(!!got[OPEN_EMERGENCY_KEY]));
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'session' && OPEN_EMERGENCY_KEY in changes) cb(!!changes[OPEN_EMERGENCY_KEY]?.newValue);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

export async function clearEmergency(): Promise<void> {
  await browser.storage.session.remove(OPEN_EMERGENCY_KEY);
}
