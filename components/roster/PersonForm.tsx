import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { Message } from '../common/Message';
import { useState } from 'preact/hooks';
import { Button } from '../common/Button';
import { Field } from '../common/Field';
import { useFocusOnMount } from '../common/useFocusOnMount';

interface Props {
  idPrefix: string;
  label: string;
  initial?: { name: string; pronouns: string };
  onSave: (v: { name: string; pronouns: string }) => Promise<unknown>;
  onDone: () => void;
}

/**
 * A member or an individual client: a name (or alias) and pronouns. Editing closes on save; adding stays
 * open with the focus back in the name, so Enter after each name adds the next one.
 */
export function PersonForm({ idPrefix, label, initial, onSave, onDone }: Props): JSX.Element {
  const nameRef = useFocusOnMount<HTMLInputElement>();
  const [name, setName] = useState(initial?.name ?? '');
  const [pronouns, setPronouns] = useState(initial?.pronouns ?? '');
  const [added, setAdded] = useState('');
  return (
    <form
      class="editor"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!name.trim()) return;
        await onSave({ name: name.trim(), pronouns: pronouns.trim() });
        if (initial) return onDone();
        setAdded(name.trim());
        setName('');
        setPronouns('');
        nameRef.current?.focus();
      }}
    >
      <div class="row">
        <Field
          class="grow"
          id={`${idPrefix}-name`}
          label={label}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
          inputRef={nameRef}
          required={!added}
        />
        <Field
          id={`${idPrefix}-pronouns`}
          label={t('person.pronouns')}
          size={8}
          value={pronouns}
          onInput={(e) => setPronouns(e.currentTarget.value)}
        />
      </div>
      <div class="row">
        <Button type="submit" variant="primary">
          {initial ? t('common.save') : t('person.saveAndAdd')}
        </Button>
        <Button onClick={onDone}>{initial || added ? t('person.done') : t('memberSafety.cancel')}</Button>
      </div>
      <p class="quiet" role="status">
        {added && <Message id="person.added" parts={{ name: <bdi>{added}</bdi> }} />}
      </p>
    </form>
  );
}
