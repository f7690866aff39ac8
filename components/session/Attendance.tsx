import type { JSX } from 'preact';
import type { AttendanceStatus, Member, Session } from '../../domain/types';
import { Field } from '../common/Field';

const STATUSES: { value: AttendanceStatus; label: string }[] = [
  { value: 'present', label: 'Present' },
  { value: 'late', label: 'Late' },
  { value: 'left-early', label: 'Left early' },
  { value: 'absent', label: 'Absent' },
];

interface Props {
  session: Session;
  members: Member[];
  onChange: (memberId: string, status: AttendanceStatus) => void;
}

/** Filled from detection where the page allows it; always editable. */
export function Attendance({ session, members, onChange }: Props): JSX.Element {
  return (
    <section class="card" aria-labelledby="att-title">
      <h2 id="att-title">Attendance</h2>
      {members.length === 0 && <p class="quiet">Add members to the group to keep attendance.</p>}
      {members.map((m) => {
        const id = `att-${m.id}`;
        return (
          <Field
            as="select"
            key={m.id}
            class="att"
            id={id}
            label={m.name}
            value={session.attendance[m.id] ?? ''}
            onChange={(e) => onChange(m.id, e.currentTarget.value as AttendanceStatus)}
          >
            <option value="" disabled>
              Not set
            </option>
            {STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </Field>
        );
      })}
    </section>
  );
}
