import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useFocusOnMount } from '../common/useFocusOnMount';
import type { Group, GroupKind } from '../../domain/types';

interface Props {
  group?: Group;
  onSave: (g: Pick<Group, 'name' | 'kind' | 'schedule' | 'coLeaders'> & { id?: string }) => Promise<unknown>;
  onDone: () => void;
}

const KINDS: { value: GroupKind; label: string }[] = [
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
      <div class="field">
        <label for="g-name">Group name</label>
        <input
          id="g-name"
          autocomplete="off"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
          ref={nameRef}
          required
        />
      </div>
      <div class="field">
        <label for="g-kind">Kind</label>
        <select id="g-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as GroupKind)}>
          {KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="g-schedule">Schedule</label>
        <input
          id="g-schedule"
          autocomplete="off"
          placeholder="e.g. Tuesdays 18:00, 90 minutes"
          value={schedule}
          onInput={(e) => setSchedule(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="g-leaders">Co-leaders</label>
        <input
          id="g-leaders"
          autocomplete="off"
          placeholder="Names, separated by commas"
          value={leaders}
          onInput={(e) => setLeaders(e.currentTarget.value)}
        />
      </div>
      <div class="row">
        <button type="submit" class="primary">
          Save group
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
