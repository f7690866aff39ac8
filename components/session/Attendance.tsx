import type { JSX } from 'preact';
import type { AttendanceStatus, Member, Session } from '../../domain/types';
import { Field } from '../common/Field';
import { t } from '../../util/i18n';

const statuses = (): { value: AttendanceStatus; label: string }[] => [
  { value: 'present', label: t('attendance.present') },
  { value: 'late', label: t('attendance.late') },
  { value: 'left-early', label: t('attendance.leftEarly') },
  { value: 'absent', label: t('attendance.absent') },
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
      <h2 id="att-title">{t('attendance.title')}</h2>
      {members.length === 0 && <p class="quiet">{t('attendance.noMembers')}</p>}
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
              {t('attendance.notSet')}
            </option>
            {statuses().map((s) => (
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
