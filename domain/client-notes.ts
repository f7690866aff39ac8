/**
 * A client note: one member's own progress note from a group session, for
 * that client's record (payers and EHRs expect one per client per group
 * session). It is prefilled from what the session holds about the member:
 * attendance, how late, the moments marked about them, and any risk marked;
 * the leader then writes the rest. Other members' names are hidden in every
 * line, and process-only moments (the leaders' own process, their signals)
 * stay out, as in any progress note.
 */
import { familyOf } from './categories';
import { markerLine } from './markdown';
import { hideNames, markerBelongsIn } from './note-content';
import type { NoteTemplate } from './templates';
import type { CustomCategory, Marker, Member, Session } from './types';

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
  if (status === 'absent') return 'Attendance: absent.';
  if (status === 'late')
    return lateMinutes !== null ? `Attendance: joined ${lateMinutes} min late.` : 'Attendance: late.';
  if (status === 'left-early') return 'Attendance: left before the end.';
  if (status === 'present') return 'Attendance: present for the whole session.';
  return 'Attendance: not recorded.';
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
  const line = (m: Marker) => `- ${hideNames(markerLine(m, own, custom), x.others, '[another member]')}`;
  const risk = mine.filter((m) => familyOf(m.category).id === 'risk');
  const rest = mine.filter((m) => familyOf(m.category).id !== 'risk' && m.category !== 'auto.joined-late');
  const first = x.member.name.trim().split(/\s+/)[0] || 'The client';
  const observedText = [
    attendanceLine(x.session.attendance[x.member.id], late ? Math.round(late.at / 60_000) : null),
    ...(rest.length ? ['', `Moments marked about ${first}:`, ...rest.map(line)] : []),
  ];
  const riskText = risk.length
    ? ['Risk marked in the session:', ...risk.map(line), 'What was done:']
    : [`No risk was marked about ${first} in this session.`];
  const progress = ["Progress toward the client's goals:"];
  if (assessment === observed) fields[observed] = [...observedText, '', ...riskText, '', ...progress].join('\n');
  else {
    fields[observed] = observedText.join('\n');
    fields[assessment] = [...riskText, '', ...progress].join('\n');
  }
  return fields;
}
