import { useEffect, useState } from 'preact/hooks';
import { shownError } from '../util/user-error';

/** Anything with Dexie liveQuery's shape; components never import Dexie. */
export interface Live<T> {
  subscribe(o: { next(v: T): void; error?(e: unknown): void }): { unsubscribe(): void };
}

/** The latest value of a live query; undefined until the first arrives. */
export function useLive<T>(
  make: () => Live<T>,
  deps: unknown[],
): { value: T | undefined; error: string; loaded: boolean } {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState('');
  // A query can answer undefined (no note yet): `loaded` tells that from "not answered yet".
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    setLoaded(false);
    const sub = make().subscribe({
      next: (v) => {
        setValue(v);
        setLoaded(true);
        setError('');
      },
      error: (e) => setError(shownError(e)),
    });
    return () => sub.unsubscribe();
  }, deps);
  return { value, error, loaded };
}
