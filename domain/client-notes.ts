/**
 * A client note: one member's own progress note from a group session, for
 * that client's record (payers and EHRs expect one per client per group
 * session). It is prefilled from what the session holds about the member:
 * attendance, how late, the moments marked about them, and any risk marked;
 * the leader then writes the rest. Other members' names are hidden in every
 * line, and process-only moments (the leaders' own process, their signals)
 * stay out, as in any progress note. Its words are in the current language
 * (the leader's), when it is prefilled; what the leader then writes is theirs.
 */
import { familyOf } from './categories';
import { markerLine } from './markdown';
import { hideNames, markerBelongsIn } from './note-content';
import type { NoteTemplate } from './templates';
import type { CustomCategory, Marker, Member, Session } from './types';
import { t } from '../util/i18n';

export interface ClientNoteInput {
  template: NoteTemplate;
  member: Pick<Member, 'id' | 'name'>;
  /** The names of the session's other members, hidden wherever they appear. */
  others: readonly string[];
  session: Pick<Session, 'attendance'>;
  markers: readonly Marker[];
  custom?: readonly CustomCategory[] | undefined;
}

/** Where the prefilled parts go: what was observed, the clinical assessment (risk), and the plan. */
const OBSERVED = ['objective', 'data', 'behavior'];

function attendanceLine(status: string | undefined, lateMinutes: number | null): string {
  if (status === 'absent') return t('clientNoteText.attendanceAbsent');
  if (status === 'late')
    return lateMinutes !== null
      ? t('clientNoteText.attendanceLateBy', { minutes: lateMinutes })
      : t('clientNoteText.attendanceLate');
  if (status === 'left-early') return t('clientNoteText.attendanceLeftEarly');
  if (status === 'present') return t('clientNoteText.attendancePresent');
  return t('clientNoteText.attendanceUnknown');
}

/** The fields of a client note as prefilled, by field id; fields with nothing to say are empty. */
export function prefillClientNote(x: ClientNoteInput): Record<string, string> {
  const fields = Object.fromEntries(x.template.fields.map((f) => [f.id, '']));
  const ids = x.template.fields.map((f) => f.id);
  const observed = OBSERVED.find((id) => ids.includes(id)) ?? ids[0];
  if (!observed) return fields;
  const assessment = ids.includes('assessment') ? 'assessment' : observed;
  const mine = x.markers
    .filter(
      (m) => m.memberId === x.member.id && markerBelongsIn(m, 'progress', { ownerId: x.member.id, custom: x.custom }),
    )
    .sort((a, b) => a.at - b.at);
  const late = mine.find((m) => m.category === 'auto.joined-late');
  const own = new Map([[x.member.id, x.member.name]]);
  const custom = x.custom ? [...x.custom] : undefined;
  const line = (m: Marker) => `- ${hideNames(markerLine(m, own, custom), x.others, t('exportText.anotherMember'))}`;
  const risk = mine.filter((m) => familyOf(m.category).id === 'risk');
  const rest = mine.filter((m) => familyOf(m.category).id !== 'risk' && m.category !== 'auto.joined-late');
  const first = x.member.name.trim().split(/\s+/)[0] || t('clientNoteText.theClient');
  const observedText = [
    attendanceLine(x.session.attendance[x.member.id], late ? Math.round(late.at / 60_000) : null),
    ...(rest.length ? ['', t('clientNoteText.momentsAbout', { name: first }), ...rest.map(line)] : []),
  ];
  const riskText = risk.length
    ? [t('clientNoteText.riskMarked'), ...risk.map(line), t('clientNoteText.whatWasDone')]
    : [t('clientNoteText.noRisk', { name: first })];
  const progress = [t('clientNoteText.progress')];
  if (assessment === observed) fields[observed] = [...observedText, '', ...riskText, '', ...progress].join('\n');
  else {
    fields[observed] = observedText.join('\n');
    fields[assessment] = [...riskText, '', ...progress].join('\n');
  }
  return fields;
}
