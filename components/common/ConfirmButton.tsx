import type { JSX } from 'preact';
import { useState } from 'preact/hooks';

/** A destructive action that asks once more, inline, before it acts. */
export function ConfirmButton({ label, question, onConfirm }: { label: string; question: string; onConfirm: () => void }): JSX.Element {
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
      <button type="button" onClick={() => setAsking(false)} autoFocus>
        No
      </button>
    </span>
  );
}
