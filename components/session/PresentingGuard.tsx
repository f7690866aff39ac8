import type { ComponentChildren, JSX } from 'preact';
import { Button } from '../common/Button';
import { useEffect, useState } from 'preact/hooks';

/**
 * While the leader shares the screen, the panel's contents stay hidden
 * behind one deliberate click, so a shared window never shows notes.
 */
export function PresentingGuard({
  presenting,
  children,
}: {
  presenting: boolean;
  children: ComponentChildren;
}): JSX.Element {
  const [revealed, setRevealed] = useState(false);
  useEffect(() => {
    if (!presenting) setRevealed(false);
  }, [presenting]);
  if (!presenting || revealed) return <>{children}</>;
  return (
    <section class="card guard" role="region" aria-label="Hidden while you present">
      <h2>Hidden while you share your screen</h2>
      <p class="quiet">Your notes stay out of sight while you are presenting. Marking by shortcut still works.</p>
      <Button onClick={() => setRevealed(true)}>Show anyway</Button>
    </section>
  );
}
