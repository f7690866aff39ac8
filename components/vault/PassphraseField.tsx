import type { JSX } from 'preact';
import { Field } from '../common/Field';
import { useFocusOnMount } from '../common/useFocusOnMount';

interface Props {
  id: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  autoFocus?: boolean;
  describedBy?: string;
  invalid?: boolean;
  /** E.g. to start loading what the passphrase will unlock. */
  onFocus?: () => void;
}

/** A passphrase input that no browser feature may remember or restore. */
export function PassphraseField(props: Props): JSX.Element {
  const ref = useFocusOnMount<HTMLInputElement>(!!props.autoFocus);
  return (
    <Field
      id={props.id}
      label={props.label}
      type="password"
      spellcheck={false}
      inputRef={ref}
      aria-describedby={props.describedBy}
      aria-invalid={props.invalid || undefined}
      value={props.value}
      onInput={(e) => props.onInput(e.currentTarget.value)}
      onFocus={props.onFocus}
    />
  );
}
