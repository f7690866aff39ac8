import { categoryLabel } from './categories';
import { t } from '../util/i18n';
import { formatClock, localTimeZone, momentDate, sessionDate, sessionDay, zoneName } from './clock';
import { templateById, type NoteTemplate } from './templates';
import { attendanceCounts, hideNames, listsMembersIn, markersFor, namesOf } from './note-content';
import { recordFields } from './note-signing';
import type { Client, CustomCategory, Group, Marker, Member, Note, NoteClass, Session } from './types';

export interface SessionExport {
  session: Session;
  owner: Group | Client;
  members: Member[];
  markers: Marker[];
  notes: Note[];
  custom?: CustomCategory[];
  /** The templates the notes may be written in: built-in and the clinic's (noteTemplates in domain/templates.ts). */
  templates: readonly NoteTemplate[];
  /** The pre-session checklist, already as Markdown (it names no location). */
  checklist?: string;
  /** The time zone dates are written in (IANA, e.g. "Europe/Berlin"); the browser's by default. */
  timeZone?: string;
}

/** Attendance in words, in the current language, in the order counts are listed. */
const attendanceWords = (): Record<string, string> => ({
  present: t('exportText.present'),
  late: t('exportText.late'),
  'left-early': t('exportText.leftEarly'),
  absent: t('exportText.absent'),
});

/**
 * A session as Markdown, for one class of note only: progress notes and
 * process notes never travel in the same file.
 */
export function sessionMarkdown(x: SessionExport, noteClass: NoteClass): string {
  const names = new Map(x.members.map((m) => [m.id, m.name]));
  const others = namesOf(x.members.filter((m) => m.id !== x.owner.id));
  const zone = x.timeZone ?? localTimeZone();
  const words = attendanceWords();
  const out: string[] = [];
  out.push(`# ${t('exportText.title', { name: x.owner.name, date: sessionDate(x.session.startedAt, zone) })}`, '');
  out.push(t('exportText.zone', { zone: zoneName(x.session.startedAt, zone) }), '');
  const kind = t(noteClass === 'process' ? 'exportText.processNotes' : 'exportText.progressNotes');
  out.push(t('exportText.noteType', { kind }), '');
  const att = Object.entries(x.session.attendance);
  if (att.length && listsMembersIn(noteClass)) {
    out.push(`## ${t('exportText.attendance')}`, '');
    for (const [id, status] of att) {
      out.push(`- ${names.get(id) ?? t('exportText.unknownMember')}: ${words[status] ?? status}`);
    }
    out.push('');
  } else if (att.length) {
    out.push(`## ${t('exportText.attendance')}`, '', `${attendanceCounts(x.session.attendance, words)}.`, '');
  }
  // Client notes go only into each member's own file (memberMarkdown).
  for (const note of x.notes.filter((n) => n.noteClass === noteClass && n.memberId === undefined)) {
    noteSection(out, note, templateById(x.templates, note.template), zone, (text) =>
      listsMembersIn(noteClass) ? text : hideNames(text, others),
    );
  }
  const lines = timelineLines(x, noteClass);
  if (lines.length) out.push(`## ${t('exportText.timeline')}`, '', ...lines.map((l) => `- ${l}`), '');
  // The checklist names each member with their location check and consent: process notes only.
  if (x.checklist && listsMembersIn(noteClass)) out.push(x.checklist, '');
  return out.join('\n');
}

/** The session's markers as lines, with only what a note of this class may hold (domain/note-content.ts). */
export function timelineLines(
  x: Pick<SessionExport, 'session' | 'owner' | 'members' | 'markers' | 'custom'>,
  noteClass: NoteClass,
): string[] {
  const shown = markersFor(x.markers, noteClass, { ownerId: x.owner.id, custom: x.custom });
  if (listsMembersIn(noteClass)) {
    const names = new Map(x.members.map((m) => [m.id, m.name]));
    return shown.map((m) => markerLine(m, names, x.custom));
  }
  const others = namesOf(x.members.filter((m) => m.id !== x.owner.id));
  return shown.map((m) => hideNames(markerLine(m, new Map(), x.custom), others));
}

export function markerLine(m: Marker, names: Map<string, string>, custom?: CustomCategory[]): string {
  const who = m.memberId ? ` (${names.get(m.memberId) ?? t('exportText.member')})` : '';
  const text = m.text ? `: ${m.text}` : '';
  const auto = m.auto ? ` ${t('exportText.automatic')}` : '';
  return `${formatClock(m.at)} ${categoryLabel(m.category, custom)}${who}${text}${auto}`;
}

/**
 * What one member may be given: only their own markers and attendance, and
 * no other member's name anywhere, including inside free text.
 */
export function memberMarkdown(x: SessionExport, memberId: string): string {
  const me = x.members.find((m) => m.id === memberId);
  if (!me) throw new Error('That member is not in this session.');
  const others = x.members
    .filter((m) => m.id !== memberId)
    .map((m) => m.name)
    .filter(Boolean);
  const zone = x.timeZone ?? localTimeZone();
  const redact = (s: string) => hideNames(s, others, t('exportText.anotherMember'));
  const out = [`# ${t('exportText.memberTitle', { date: sessionDay(x.session.startedAt, zone), name: me.name })}`, ''];
  out.push(t('exportText.zone', { zone: zoneName(x.session.startedAt, zone) }), '');
  const status = x.session.attendance[memberId];
  if (status) out.push(t('exportText.memberAttendance', { status: attendanceWords()[status] ?? status }), '');
  const note = x.notes.find((n) => n.memberId === memberId);
  if (note) noteSection(out, note, templateById(x.templates, note.template), zone, redact);
  const mine = x.markers.filter((m) => !m.deleted && m.memberId === memberId).sort((a, b) => a.at - b.at);
  if (mine.length) {
    out.push(`## ${t('exportText.moments')}`, '');
    for (const m of mine) out.push(`- ${redact(markerLine(m, new Map([[me.id, me.name]]), x.custom))}`);
    out.push('');
  }
  return out.join('\n');
}

/**
 * A note under its template's headings: a signed note's record text (its
 * latest amendment's), then who signed and amended it, when and why.
 */
function noteSection(
  out: string[],
  note: Note,
  template: NoteTemplate,
  zone: string,
  show: (text: string) => string,
): void {
  out.push(`## ${template.label}`, '');
  const fields = recordFields(note);
  for (const field of template.fields) {
    const text = fields[field.id]?.trim();
    if (text) out.push(`### ${field.label}`, '', show(text), '');
  }
  if (!note.signed) return;
  const when = (at: number) => momentDate(at, zone);
  out.push(t('exportText.signed', { name: note.signed.name, when: when(note.signed.at) }));
  for (const a of note.amendments ?? []) {
    out.push(t('exportText.amended', { name: a.name, when: when(a.at), reason: show(a.reason) }));
  }
  out.push('');
}
