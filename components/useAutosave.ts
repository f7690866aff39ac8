import { UserError } from '../util/user-error';
import { useEffect, useRef, useState } from 'preact/hooks';
import { registerPendingSave } from '../util/pending-saves';

/** `full`: the last save failed because the disk (or the browser's storage quota) is full. */
export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error' | 'full';

/**
 * Whether a failed write means there is no room left. Chromium says so in two
 * ways: a QuotaExceededError when the origin's quota is used up, and, when the
 * disk itself is full, an UnknownError naming LevelDB's FILE_ERROR_NO_SPACE
 * (test/e2e/bad-input.test.ts fills a real disk to see it). Firefox uses
 * QuotaExceededError for both. Dexie wraps the browser's error as `inner`.
 */
export function isDiskFull(e: unknown): boolean {
  for (
    let err = e as { name?: unknown; message?: unknown; inner?: unknown } | undefined, depth = 0;
    err && depth < 4;
    err = err.inner as typeof err, depth++
  ) {
    // DiskFullError: storage/room.ts refused the write before it started, the disk being (almost) full.
    if (err.name === 'QuotaExceededError' || err.name === 'DiskFullError') return true;
    if (
      typeof err.message === 'string' &&
      /QuotaExceeded|NO_SPACE|No space left|ENOSPC|NS_ERROR_FILE_NO_DEVICE_SPACE/i.test(err.message)
    )
      return true;
  }
  return false;
}

/** Less free room than this, as the browser counts it, is a full disk. */
const FULL_BELOW_BYTES = 1 << 20;

/**
 * Why a write failed, for the user: 'full' when the error says so, or when
 * the browser reports (almost) no room left. The second matters because after
 * a write hit the full disk, Chromium closes the database and cannot reopen it
 * until there is room again, so later writes fail with "Internal error opening
 * backing store" and name no cause. For an unlimitedStorage extension its
 * quota is what is used plus what is free on the disk.
 */
export async function saveFailure(e: unknown): Promise<'full' | 'error'> {
  if (isDiskFull(e)) return 'full';
  try {
    const { quota, usage } = await navigator.storage.estimate();
    if (quota !== undefined && usage !== undefined && quota - usage < FULL_BELOW_BYTES) return 'full';
  } catch {
    // No estimate: say only that it failed.
  }
  return 'error';
}

/**
 * Text whose save failed, by field, kept in memory while the panel is open:
 * a field that is closed (another view opened) before the disk has room
 * again gets it back when it opens, instead of the older stored text.
 */
const unsaved = new Map<string, string>();

/** The text a field still has to save, if its last save failed; see `draftKey` of useAutosave. */
export function unsavedDraft(key: string): string | undefined {
  return unsaved.get(key);
}

/**
 * Saves `value` once typing has paused for `delayMs`, and flushes at once
 * when the page is hidden or closed. Typing that never pauses is still saved
 * every `maxWaitMs`: without that, steady typing would never be saved, and
 * a killed browser would lose everything since the last pause
 * (test/e2e/crash.test.ts). A crash costs at most about maxWaitMs, well
 * inside 2 s.
 *
 * A failed save keeps the text (the field is never reset) and is tried again
 * every `retryMs` until it goes through, so freeing disk space is enough: the
 * user does not have to type again. With a `draftKey`, text that could not
 * be saved outlives the component (see unsavedDraft): the field should open
 * with it, and saving it is tried again at once. A closing page cannot
 * finish its save, so `keepOnClose` is handed the text as the page is
 * hidden, for the next open to save.
 *
 * While mounted, the field is registered with util/pending-saves.ts, so a
 * lock first saves what it holds, sealed with the key the lock is about to
 * erase; a lock that finds text it cannot save learns so (the text stays),
 * and a lock that cannot wait (another page's, the auto-lock) has the text
 * handed to `keepOnClose` before the key goes.
 */
export function useAutosave(
  value: string,
  save: (v: string) => Promise<void>,
  delayMs = 700,
  maxWaitMs = 1000,
  retryMs = 2000,
  draftKey?: string,
  keepOnClose?: (v: string) => void,
): SaveStatus {
  const [status, setStatus] = useState<SaveStatus>('idle');
  const last = useRef(value);
  /** What the field shows now: the effect that queues it runs after paint, and a lock or a close can come first. */
  const shown = useRef(value);
  shown.current = value;
  const pending = useRef<string | undefined>(undefined);
  /** When the oldest unsaved change was made. */
  const since = useRef<number | undefined>(undefined);
  const retry = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const mounted = useRef(true);
  /** Every save started and not yet finished, settled or not. */
  const running = useRef<Promise<unknown>>(Promise.resolve());

  const flush = async () => {
    clearTimeout(retry.current);
    const v = pending.current;
    if (v === undefined) return;
    pending.current = undefined;
    since.current = undefined;
    // While a failure is on screen, a retry does not blink it away and back.
    setStatus((s) => (s === 'full' || s === 'error' ? s : 'saving'));
    const saving = save(v);
    running.current = Promise.allSettled([running.current, saving]);
    try {
      await saving;
      last.current = v;
      // Text that failed before is older than this: it must not come back over what is stored now.
      if (draftKey) unsaved.delete(draftKey);
      setStatus(pending.current === undefined ? 'saved' : 'pending');
    } catch (e) {
      pending.current ??= v;
      if (draftKey) unsaved.set(draftKey, pending.current);
      setStatus(await saveFailure(e));
      if (mounted.current) retry.current = setTimeout(() => void flush(), retryMs);
    }
  };

  /** Waits for every save under way, also those started meanwhile. */
  const drain = async () => {
    for (let seen = running.current; ; seen = running.current) {
      await seen;
      if (seen === running.current) return;
    }
  };

  /** Queues what the field shows, when no effect has queued it yet. */
  const queueShown = () => {
    if (pending.current === undefined && shown.current !== last.current) pending.current = shown.current;
  };

  /** Saves now what waits for the delay, after any save under way; rejects when text is left unsaved. */
  const settle = async () => {
    await drain();
    queueShown();
    await flush();
    await drain();
    // A save that failed put its text back.
    if (pending.current !== undefined) throw new UserError('errorText.typedNotSaved', 'Typed text could not be saved.');
  };

  useEffect(() => {
    if (value === last.current && pending.current === undefined) return;
    pending.current = value;
    setStatus((s) => (s === 'full' || s === 'error' ? s : 'pending'));
    since.current ??= Date.now();
    const t = setTimeout(() => void flush(), Math.max(0, Math.min(delayMs, since.current + maxWaitMs - Date.now())));
    return () => clearTimeout(t);
  }, [value]);

  useEffect(() => {
    // Opened again with text that could not be saved: try it now.
    if (draftKey && unsaved.get(draftKey) === value) {
      pending.current = value;
      void flush();
    }
    const onHide = () => {
      queueShown();
      // The save below may not finish if the page is closing: hand the text over first.
      if (document.visibilityState === 'hidden' && pending.current !== undefined) keepOnClose?.(pending.current);
      void flush();
    };
    addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    const unregister = registerPendingSave(settle, () => {
      queueShown();
      if (pending.current !== undefined) keepOnClose?.(pending.current);
    });
    return () => {
      mounted.current = false;
      unregister();
      removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
      queueShown();
      void flush();
    };
  }, []);

  return status;
}
