import type { JSX } from 'preact';
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

export const GROUP_KINDS: { value: GroupKind; label: string }[] = [
  { value: 'closed', label: 'Closed' },
  { value: 'slow-open', label: 'Slow-open' },
  { value: 'open', label: 'Open' },
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
        label="Group name"
        value={name}
        onInput={(e) => setName(e.currentTarget.value)}
        inputRef={nameRef}
        required
      />
      <Field
        as="select"
        id="g-kind"
        label="Kind"
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value as GroupKind)}
      >
        {GROUP_KINDS.map((k) => (
          <option key={k.value} value={k.value}>
            {k.label}
          </option>
        ))}
      </Field>
      <Field
        id="g-schedule"
        label="Schedule"
        placeholder="e.g. Tuesdays 18:00, 90 minutes"
        value={schedule}
        onInput={(e) => setSchedule(e.currentTarget.value)}
      />
      <Field
        id="g-leaders"
        label="Co-leaders"
        hint="Names, separated by commas"
        value={leaders}
        onInput={(e) => setLeaders(e.currentTarget.value)}
      />
      <div class="row">
        <Button type="submit" variant="primary">
          Save group
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
