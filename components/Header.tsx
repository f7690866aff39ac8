import type { JSX } from 'preact';

/** The panel's top line: the name and a lock button reachable by keyboard. */
export function Header({ onLock }: { onLock: () => void }): JSX.Element {
  return (
    <header class="top">
      <span class="brand" aria-hidden="true">
        ◖◗
      </span>
      <span class="title">Squircle</span>
      <button type="button" class="ghost" onClick={onLock} title="Lock now">
        Lock
      </button>
    </header>
  );
}
