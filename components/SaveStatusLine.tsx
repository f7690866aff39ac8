import type { JSX } from 'preact';
import type { SaveStatus } from './useAutosave';

export const NOT_SAVED_DISK_FULL =
  'Not saved: the disk is full. Your text is kept here; free some space and it will save.';
export const NOT_SAVED =
  'Not saved yet: the browser could not store it. Your text is kept here; saving is tried again.';

interface Props {
  status: SaveStatus;
  /** What "saved" is called here, e.g. "Draft saved, encrypted". */
  saved: string;
  pending?: string;
  saving?: string;
}

/**
 * An autosaved field's status. A failed save is an alert, said once, and
 * stays on screen until a save goes through; the rest is a quiet live line.
 * `data-status` lets tests wait for a state without reading the words.
 */
export function SaveStatusLine({ status, saved, pending = '', saving = '' }: Props): JSX.Element {
  if (status === 'full' || status === 'error') {
    return (
      <span class="error status" role="alert" data-status={status}>
        {status === 'full' ? NOT_SAVED_DISK_FULL : NOT_SAVED}
      </span>
    );
  }
  const text = { idle: '', pending, saving, saved }[status];
  return (
    <span class="quiet status" role="status" data-status={status}>
      {text}
    </span>
  );
}
