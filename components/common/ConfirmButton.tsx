import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { Button } from './Button';
import { useFocusOnMount } from './useFocusOnMount';

/** A destructive action that asks once more, inline, before it acts. */
export function ConfirmButton({
  label,
  question,
  onConfirm,
}: {
  label: string;
  question: string;
  onConfirm: () => void;
}): JSX.Element {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <Button variant="destructive" onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span>{question}</span>{' '}
      <Button
        variant="destructive"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        Yes, {label.toLowerCase()}
      </Button>{' '}
      <NoButton onClick={() => setAsking(false)} />
    </span>
  );
}

/** Focus lands on the safe answer. */
function NoButton({ onClick }: { onClick: () => void }): JSX.Element {
  const ref = useFocusOnMount<HTMLButtonElement>();
  return (
    <Button onClick={onClick} buttonRef={ref}>
      No
    </Button>
  );
}
