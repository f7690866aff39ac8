import { categoryLabel } from './categories';
import { formatClock, sessionDate, sessionDay } from './clock';
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
}

const ATTENDANCE: Record<string, string> = {
  present: 'present',
  late: 'late',
  'left-early': 'left early',
  absent: 'absent',
};

/**
 * A session as Markdown, for one class of note only: progress notes and
 * process notes never travel in the same file.
 */
export function sessionMarkdown(x: SessionExport, noteClass: NoteClass): string {
  const names = new Map(x.members.map((m) => [m.id, m.name]));
  const others = namesOf(x.members.filter((m) => m.id !== x.owner.id));
  const out: string[] = [];
  out.push(`# ${x.owner.name}: session of ${sessionDate(x.session.startedAt)}`, '');
  out.push(`Note type: ${noteClass === 'process' ? 'psychotherapy (process) notes' : 'progress notes'}`, '');
  const att = Object.entries(x.session.attendance);
  if (att.length && listsMembersIn(noteClass)) {
    out.push('## Attendance', '');
    for (const [id, status] of att) out.push(`- ${names.get(id) ?? 'Unknown member'}: ${ATTENDANCE[status] ?? status}`);
    out.push('');
  } else if (att.length) {
    out.push('## Attendance', '', `${attendanceCounts(x.session.attendance, ATTENDANCE)}.`, '');
  }
  // Client notes go only into each member's own file (memberMarkdown).
  for (const note of x.notes.filter((n) => n.noteClass === noteClass && n.memberId === undefined)) {
    noteSection(out, note, templateById(x.templates, note.template), (t) =>
      listsMembersIn(noteClass) ? t : hideNames(t, others),
    );
  }
  const lines = timelineLines(x, noteClass);
  if (lines.length) out.push('## Timeline', '', ...lines.map((l) => `- ${l}`), '');
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
  const who = m.memberId ? ` (${names.get(m.memberId) ?? 'member'})` : '';
  const text = m.text ? `: ${m.text}` : '';
  return `${formatClock(m.at)} ${categoryLabel(m.category, custom)}${who}${text}${m.auto ? ' [automatic]' : ''}`;
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
  const redact = (s: string) => hideNames(s, others, '[another member]');
  const out = [`# Session of ${sessionDay(x.session.startedAt)}: ${me.name}`, ''];
  const status = x.session.attendance[memberId];
  if (status) out.push(`Attendance: ${ATTENDANCE[status] ?? status}`, '');
  const note = x.notes.find((n) => n.memberId === memberId);
  if (note) noteSection(out, note, templateById(x.templates, note.template), redact);
  const mine = x.markers.filter((m) => !m.deleted && m.memberId === memberId).sort((a, b) => a.at - b.at);
  if (mine.length) {
    out.push('## Moments', '');
    for (const m of mine) out.push(`- ${redact(markerLine(m, new Map([[me.id, me.name]]), x.custom))}`);
    out.push('');
  }
  return out.join('\n');
}

/**
 * A note under its template's headings: a signed note's record text (its
 * latest amendment's), then who signed and amended it, when and why.
 */
function noteSection(out: string[], note: Note, t: NoteTemplate, show: (text: string) => string): void {
  out.push(`## ${t.label}`, '');
  const fields = recordFields(note);
  for (const field of t.fields) {
    const text = fields[field.id]?.trim();
    if (text) out.push(`### ${field.label}`, '', show(text), '');
  }
  if (!note.signed) return;
  const day = (at: number) => new Date(at).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  out.push(`Signed by ${note.signed.name}, ${day(note.signed.at)}.`);
  for (const a of note.amendments ?? []) out.push(`Amended by ${a.name}, ${day(a.at)}: ${show(a.reason)}`);
  out.push('');
}
