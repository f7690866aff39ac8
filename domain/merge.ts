import { compareHlc } from './hlc';

/**
 * How replicated values converge. Markers and attendance: the latest edit
 * wins (by HLC). Note fields: an edit made on top of the version the other
 * side has replaces it; two edits made without seeing each other are both
 * kept, in a deterministic order, so no leader's text is silently lost and
 * both sides reach the same text.
 */
export interface Versioned<T> {
  value: T;
  hlc: string;
}

export function lastWriterWins<T>(local: Versioned<T> | undefined, remote: Versioned<T>): Versioned<T> {
  if (!local) return remote;
  return compareHlc(remote.hlc, local.hlc) > 0 ? remote : local;
}

export interface FieldVersion {
  text: string;
  /** When this version was written. */
  hlc: string;
  /** The version it was written on top of ('' for the first). */
  base: string;
  /** Who wrote it (a leader's label, for the kept-both heading). */
  author: string;
}

export const CONFLICT_RULE = '\n\n——— also written at the same time ———\n\n';

/**
 * The field after a remote version arrives. Pure and symmetric: both sides
 * compute the same result from the same two versions.
 */
export function mergeField(local: FieldVersion | undefined, remote: FieldVersion): FieldVersion {
  if (!local || local.hlc === remote.hlc) return remote;
  if (remote.base === local.hlc) return remote; // remote edited what we have
  if (local.base === remote.hlc) return local; // we already edited on top of it
  if (compareHlc(remote.hlc, local.hlc) < 0 && isAncestorText(remote, local)) return local;
  if (compareHlc(local.hlc, remote.hlc) < 0 && isAncestorText(local, remote)) return remote;
  // Concurrent: keep both, older first, under a new version both sides derive alike.
  const [first, second] = compareHlc(local.hlc, remote.hlc) < 0 ? [local, remote] : [remote, local];
  if (first.text.trim() === second.text.trim()) return second;
  return {
    text: `${first.text}${CONFLICT_RULE}${second.text}`,
    hlc: `${second.hlc}+${first.hlc}`,
    base: second.hlc,
    author: `${first.author} + ${second.author}`,
  };
}

/** A newer version whose text already contains the older one's lost nothing. */
function isAncestorText(older: FieldVersion, newer: FieldVersion): boolean {
  return older.text.trim() === '' || newer.text.includes(older.text);
}
