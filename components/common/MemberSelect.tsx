import type { JSX, Ref } from 'preact';
import type { Member } from '../../domain/types';
import { Field } from './Field';

interface Props {
  id: string;
  label: string;
  /** Keeps the label for screen readers only, where what is next to the select already says what it is for. */
  hideLabel?: boolean;
  members: readonly Pick<Member, 'id' | 'name'>[];
  /** A member's id, or '' for the first option. */
  value: string;
  /** What the first option (value '') stands for here: "Anyone", "The whole group" … */
  none: string;
  onChange: (memberId: string) => void;
  selectRef?: Ref<HTMLSelectElement>;
}

/**
 * A labelled choice of one member of a group, or of none: the first option, whose value is ''.
 * autocomplete="off" keeps the browser from saving the chosen member's id with the tab for
 * session restore (Chromium writes that form state to disk, unencrypted).
 */
export function MemberSelect({ id, label, hideLabel, members, value, none, onChange, selectRef }: Props): JSX.Element {
  return (
    <Field
      as="select"
      id={id}
      label={label}
      hideLabel={hideLabel}
      inputRef={selectRef}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    >
      <option value="">{none}</option>
      {members.map((m) => (
        <option key={m.id} value={m.id}>
          {m.name}
        </option>
      ))}
    </Field>
  );
}
