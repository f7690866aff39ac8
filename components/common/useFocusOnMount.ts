import { useEffect, useRef } from 'preact/hooks';

/**
 * Focuses an element when it appears (the HTML autofocus attribute only
 * acts on page load, not on elements a component adds later).
 */
export function useFocusOnMount<T extends HTMLElement>(when = true) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (when) ref.current?.focus();
  }, [when]);
  return ref;
}
