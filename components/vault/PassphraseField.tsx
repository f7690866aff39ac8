import type { JSX } from 'preact';

interface Props {
  id: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  autoFocus?: boolean;
  describedBy?: string;
  invalid?: boolean;
}

/** A passphrase input that no browser feature may remember or restore. */
export function PassphraseField(props: Props): JSX.Element {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="password"
        autocomplete="off"
        spellcheck={false}
        autoFocus={props.autoFocus}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid || undefined}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </div>
  );
}
