import { useEffect, useRef, useState } from 'preact/hooks';

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

/**
 * Saves `value` once typing has paused for `delayMs`, and flushes at once
 * when the page is hidden or closed. Typing that never pauses is still saved
 * every `maxWaitMs`: without that, steady typing was never saved at all, and
 * a killed browser lost everything since the last pause
 * (test/e2e/crash.test.ts). A crash costs at most about maxWaitMs, well
 * inside 2 s.
 */
export function useAutosave(value: string, save: (v: string) => Promise<void>, delayMs = 700, maxWaitMs = 1000): SaveStatus {
  const [status, setStatus] = useState<SaveStatus>('idle');
  const last = useRef(value);
  const pending = useRef<string | undefined>(undefined);
  /** When the oldest unsaved change was made. */
  const since = useRef<number | undefined>(undefined);

  const flush = async () => {
    const v = pending.current;
    if (v === undefined) return;
    pending.current = undefined;
    since.current = undefined;
    setStatus('saving');
    try {
      await save(v);
      last.current = v;
      setStatus(pending.current === undefined ? 'saved' : 'pending');
    } catch {
      pending.current ??= v;
      setStatus('error');
    }
  };

  useEffect(() => {
    if (value === last.current && pending.current === undefined) return;
    pending.current = value;
    setStatus('pending');
    since.current ??= Date.now();
    const t = setTimeout(() => void flush(), Math.max(0, Math.min(delayMs, since.current + maxWaitMs - Date.now())));
    return () => clearTimeout(t);
  }, [value]);

  useEffect(() => {
    const onHide = () => void flush();
    addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
      void flush();
    };
  }, []);

  return status;
}
