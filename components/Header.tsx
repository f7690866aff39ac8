import type { JSX } from 'preact';

/** The panel's top line: the name, the privacy shade's Cover button and a lock button, reachable by keyboard. */
export function Header({ onLock, onShade }: { onLock: () => void; onShade?: () => void }): JSX.Element {
  return (
    <header class="top">
      <span class="brand" aria-hidden="true">
        ◖◗
      </span>
      <span class="title">Squircle</span>
      {onShade && (
        <button type="button" class="ghost" onClick={onShade} title="Cover the panel at once (privacy shade)">
          Cover
        </button>
      )}
      <button type="button" class="ghost" onClick={onLock} title="Lock now">
        Lock
      </button>
    </header>
  );
}
