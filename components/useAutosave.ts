import { useEffect, useRef, useState } from 'preact/hooks';

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

/**
 * Saves `value` once typing has paused for `delayMs` (well inside the 2 s a
 * crash may cost), and flushes at once when the page is hidden or closed.
 */
export function useAutosave(value: string, save: (v: string) => Promise<void>, delayMs = 700): SaveStatus {
  const [status, setStatus] = useState<SaveStatus>('idle');
  const last = useRef(value);
  const pending = useRef<string | undefined>(undefined);

  const flush = async () => {
    const v = pending.current;
    if (v === undefined) return;
    pending.current = undefined;
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
    const t = setTimeout(() => void flush(), delayMs);
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
