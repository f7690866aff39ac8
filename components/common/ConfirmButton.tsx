import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
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
      <button type="button" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span>{question}</span>{' '}
      <button
        type="button"
        class="danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        Yes, {label.toLowerCase()}
      </button>{' '}
      <NoButton onClick={() => setAsking(false)} />
    </span>
  );
}

/** Focus lands on the safe answer. */
function NoButton({ onClick }: { onClick: () => void }): JSX.Element {
  const ref = useFocusOnMount<HTMLButtonElement>();
  return (
    <button type="button" onClick={onClick} ref={ref}>
      No
    </button>
  );
}
