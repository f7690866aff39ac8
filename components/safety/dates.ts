/** <input type="date"> values as UTC midnight ms, and back. Empty means none. */
export const dateToMs = (v: string): number | null => (v ? Date.parse(`${v}T00:00:00Z`) : null);
export const msToDate = (t: number | null | undefined): string =>
  t == null ? '' : new Date(t).toISOString().slice(0, 10);
