import type { JSX } from 'preact';
import { t, type LabelKey } from '../../util/i18n';
import { useState } from 'preact/hooks';
import { Button } from '../common/Button';
import { Field } from '../common/Field';
import { useFocusOnMount } from '../common/useFocusOnMount';
import type { Group, GroupKind } from '../../domain/types';

interface Props {
  group?: Group;
  onSave: (g: Pick<Group, 'name' | 'kind' | 'schedule' | 'coLeaders'> & { id?: string }) => Promise<unknown>;
  onDone: () => void;
}

export const GROUP_KINDS: { value: GroupKind; name: LabelKey }[] = [
  { value: 'closed', name: 'groupForm.closed' },
  { value: 'slow-open', name: 'groupForm.slowOpen' },
  { value: 'open', name: 'groupForm.open' },
];

export function GroupForm({ group, onSave, onDone }: Props): JSX.Element {
  const nameRef = useFocusOnMount<HTMLInputElement>();
  const [name, setName] = useState(group?.name ?? '');
  const [kind, setKind] = useState<GroupKind>(group?.kind ?? 'closed');
  const [schedule, setSchedule] = useState(group?.schedule ?? '');
  const [leaders, setLeaders] = useState(group?.coLeaders.join(', ') ?? '');
  return (
    <form
      class="editor"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!name.trim()) return;
        const coLeaders = leaders
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        await onSave({ id: group?.id, name: name.trim(), kind, schedule: schedule.trim(), coLeaders });
        onDone();
      }}
    >
      <Field
        id="g-name"
        label={t('groupForm.name')}
        value={name}
        onInput={(e) => setName(e.currentTarget.value)}
        inputRef={nameRef}
        required
      />
      <Field
        as="select"
        id="g-kind"
        label={t('groupForm.kind')}
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value as GroupKind)}
      >
        {GROUP_KINDS.map((k) => (
          <option key={k.value} value={k.value}>
            {t(k.name)}
          </option>
        ))}
      </Field>
      <Field
        id="g-schedule"
        label={t('groupForm.schedule')}
        placeholder={t('groupForm.scheduleExample')}
        value={schedule}
        onInput={(e) => setSchedule(e.currentTarget.value)}
      />
      <Field
        id="g-leaders"
        label={t('groupForm.coleaders')}
        hint={t('groupForm.coleadersHint')}
        value={leaders}
        onInput={(e) => setLeaders(e.currentTarget.value)}
      />
      <div class="row">
        <Button type="submit" variant="primary">
          {t('groupForm.save')}
        </Button>
        <Button onClick={onDone}>{t('memberSafety.cancel')}</Button>
      </div>
    </form>
  );
}
