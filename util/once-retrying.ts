/** A value loaded at most once at a time: a cached promise that is forgotten when it fails. */
export interface OnceRetrying<T> {
  /** Starts the load, or joins the one under way or done; after a failure the next call loads again. */
  (): Promise<T>;
  /** The value once a load succeeded, for code that must not wait (a first render); undefined before. */
  readonly value: T | undefined;
}

/**
 * Wraps `load` (a dynamic import, code and services fetched on demand) so that
 * every caller shares one load, and a failed load (a network error, an
 * extension update under way) is tried again by the next caller instead of
 * failing for as long as the page lives.
 */
export function onceRetrying<T>(load: () => Promise<T>): OnceRetrying<T> {
  let loading: Promise<T> | undefined;
  let loaded: { value: T } | undefined;
  const get = (): Promise<T> =>
    // The executor runs load at once and turns a synchronous throw into a failed load.
    (loading ??= new Promise<T>((resolve) => resolve(load())).then(
      (value) => {
        loaded = { value };
        return value;
      },
      (e: unknown) => {
        loading = undefined;
        throw e;
      },
    ));
  return Object.defineProperty(get, 'value', { get: () => loaded?.value }) as OnceRetrying<T>;
}
