import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useFocusOnMount } from '../common/useFocusOnMount';

interface Props {
  idPrefix: string;
  label: string;
  initial?: { name: string; pronouns: string };
  onSave: (v: { name: string; pronouns: string }) => Promise<unknown>;
  onDone: () => void;
}

/** A member or an individual client: a name (or alias) and pronouns. */
export function PersonForm({ idPrefix, label, initial, onSave, onDone }: Props): JSX.Element {
  const nameRef = useFocusOnMount<HTMLInputElement>();
  const [name, setName] = useState(initial?.name ?? '');
  const [pronouns, setPronouns] = useState(initial?.pronouns ?? '');
  return (
    <form
      class="editor"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!name.trim()) return;
        await onSave({ name: name.trim(), pronouns: pronouns.trim() });
        setName('');
        setPronouns('');
        onDone();
      }}
    >
      <div class="row">
        <div class="field grow">
          <label for={`${idPrefix}-name`}>{label}</label>
          <input
            id={`${idPrefix}-name`}
            autocomplete="off"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            ref={nameRef}
            required
          />
        </div>
        <div class="field">
          <label for={`${idPrefix}-pronouns`}>Pronouns</label>
          <input
            id={`${idPrefix}-pronouns`}
            autocomplete="off"
            size={8}
            value={pronouns}
            onInput={(e) => setPronouns(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="primary">
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
