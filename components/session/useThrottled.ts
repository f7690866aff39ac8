import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * `value`, passed on after the browser painted and at most once every `ms`:
 * the last value always arrives. For a view that may lag its source a little
 * (the timeline beside the marker list), so a run of changes costs it a few
 * renders, not one each, and never delays what shows the change first.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const pass = () => {
      last.current = Date.now();
      setShown(() => value);
    };
    const wait = last.current + ms - Date.now();
    if (wait <= 0) return void pass();
    const timer = setTimeout(pass, wait);
    return () => clearTimeout(timer);
  }, [value]);
  return shown;
}
