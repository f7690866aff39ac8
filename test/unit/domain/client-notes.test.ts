import { describe, expect, it } from 'vitest';
import { prefillClientNote } from '../../../domain/client-notes';
import { amendNote, signNote } from '../../../crypto/note-signature';
import { newSigningKeyPair } from '../../../crypto/strict';
import { memberMarkdown, sessionMarkdown } from '../../../domain/markdown';
import { TEMPLATES, templateById, type NoteTemplate } from '../../../domain/templates';
import type { Note } from '../../../domain/types';
import { useMessages } from '../../../util/i18n';
import { builtMessages } from '../../support/messages';
import { group, groupSession, marker, member } from './builders';

const MIN = 60_000;
const ana = member('ana', 'Ana Ferreira');
const ben = member('ben', 'Ben Adler');
const markers = [
  marker({ id: '1', memberId: 'ana', category: 'auto.joined-late', at: 7 * MIN, auto: true }),
  marker({ id: '2', memberId: 'ana', category: 'body.face', at: 12 * MIN, text: 'tightened when Ben spoke' }),
  marker({ id: '3', memberId: 'ana', category: 'risk.crisis', at: 40 * MIN, text: 'said she cannot go on' }),
  marker({ id: '4', memberId: 'ana', category: 'presence.distracted', at: 41 * MIN, text: 'I drifted' }),
  marker({ id: '5', memberId: 'ben', category: 'body.face', at: 13 * MIN, text: 'Ben laughed' }),
  marker({ id: '6', memberId: 'ana', category: 'body.face', at: 50 * MIN, text: 'deleted', deleted: true }),
];
const session = groupSession({ attendance: { ana: 'late', ben: 'present' } });
const prefill = (template: NoteTemplate, who = ana) =>
  prefillClientNote({
    template,
    member: who,
    others: [ana, ben].filter((m) => m !== who).map((m) => m.name),
    session,
    markers,
  });

describe('prefillClientNote', () => {
  it('SOAP: attendance and moments under Objective, risk and progress under Assessment; other names hidden', () => {
    const f = prefill(templateById(TEMPLATES, 'soap'));
    expect(f).toEqual({
      subjective: '',
      objective: [
        'Attendance: joined 7 min late.',
        '',
        'Moments marked about Ana:',
        '- 12:00 Reaction in the face (Ana Ferreira): tightened when [another member] spoke',
      ].join('\n'),
      assessment: [
        'Risk marked in the session:',
        '- 40:00 Crisis (Ana Ferreira): said she cannot go on',
        'What was done:',
        '',
        "Progress toward the client's goals:",
      ].join('\n'),
      plan: '',
    });
  });

  it('DAP and BIRP put the observations in Data and Behavior; the leaders’ own process stays out', () => {
    expect(prefill(templateById(TEMPLATES, 'dap')).data).toMatch(/^Attendance: joined 7 min late\./);
    const birp = prefill(templateById(TEMPLATES, 'birp'));
    expect(birp.behavior).toContain('Risk marked in the session:');
    expect(Object.values(birp).join('\n')).not.toMatch(/drifted|deleted|Ben/);
  });

  it('a member with no risk marked: their own moments, and a plain line saying no risk was marked', () => {
    const f = prefill(templateById(TEMPLATES, 'soap'), ben);
    expect(f.objective).toBe(
      [
        'Attendance: present for the whole session.',
        '',
        'Moments marked about Ben:',
        '- 13:00 Reaction in the face (Ben Adler): Ben laughed',
      ].join('\n'),
    );
    expect(f.assessment).toMatch(/^No risk was marked about Ben in this session\./);
  });

  it('a clinic template without the usual fields gets everything in its first field', () => {
    const own: NoteTemplate = {
      id: 'clinic-short' as NoteTemplate['id'],
      label: 'Short',
      noteClass: 'progress',
      fields: [
        { id: 'summary', label: 'Summary', help: '' },
        { id: 'next', label: 'Next', help: '' },
      ],
    };
    const f = prefill(own);
    expect(f.summary).toMatch(/^Attendance: joined 7 min late\.[\s\S]*Risk marked[\s\S]*Progress toward/);
    expect(f.next).toBe('');
  });
});

describe('client notes in exports', () => {
  const clientNote: Note = {
    id: 'n',
    sessionId: 's',
    memberId: 'ana',
    template: 'soap',
    noteClass: 'progress',
    fields: { objective: 'Ana and Ben argued', plan: 'Call Ana on Monday' },
    updatedAt: 0,
  };
  const x = { session, owner: group(), members: [ana, ben], markers, notes: [clientNote], templates: TEMPLATES };

  it("go into that member's own file, with other members' names hidden", () => {
    const md = memberMarkdown(x, 'ana');
    expect(md).toContain('## SOAP progress note');
    expect(md).toContain('Ana and [another member] argued');
    expect(md).toContain('Call Ana on Monday');
    expect(memberMarkdown(x, 'ben')).not.toContain('argued');
  });

  it("stay out of the group session's export", () => {
    expect(sessionMarkdown(x, 'progress')).not.toContain('argued');
    expect(sessionMarkdown(x, 'process')).not.toContain('argued');
  });

  it('a signed, amended note exports its record text with who signed and amended it, when and why', () => {
    const key = newSigningKeyPair();
    const at = Date.UTC(2026, 11, 7, 19, 30);
    const signed: Note = { ...clientNote, signed: signNote(clientNote, key, 'R. Levi, LCSW', at) };
    const amended: Note = {
      ...signed,
      amendments: [
        amendNote(signed, { plan: 'Call Ana and Ben on Tuesday' }, 'Ben asked too', key, 'R. Levi', at + 60_000),
      ],
    };
    const md = memberMarkdown({ ...x, notes: [amended], timeZone: 'UTC' }, 'ana');
    expect(md).toContain('Call Ana and [another member] on Tuesday');
    expect(md).not.toContain('Monday');
    expect(md).toContain('Times: UTC');
    expect(md).toContain('Signed by R. Levi, LCSW, 7 Dec 2026, 19:30.');
    expect(md).toContain('Amended by R. Levi, 7 Dec 2026, 19:31: [another member] asked too');
  });
});

describe('a client note prefilled in the leader’s language', () => {
  it('German: every line of the prefill in German, the other member hidden in German', async () => {
    useMessages('de', await builtMessages('de'), await builtMessages('en'));
    const f = prefill(templateById(TEMPLATES, 'soap'));
    expect(f.objective).toBe(
      [
        'Anwesenheit: 7 Min. verspätet dazugekommen.',
        '',
        'Zu Ana markierte Momente:',
        '- 12:00 Reaktion im Gesicht (Ana Ferreira): tightened when [ein anderes Mitglied] spoke',
      ].join('\n'),
    );
    expect(f.assessment).toBe(
      [
        'In der Sitzung markiertes Risiko:',
        '- 40:00 Krise (Ana Ferreira): said she cannot go on',
        'Was unternommen wurde:',
        '',
        'Fortschritt in Bezug auf die Ziele der Klient:in:',
      ].join('\n'),
    );
  });

  it('Hebrew: attendance, headings and the no-risk line in Hebrew; only the leader’s words as typed', async () => {
    const he = await builtMessages('he');
    useMessages('he', he, await builtMessages('en'));
    const f = prefill(templateById(TEMPLATES, 'soap'), ben);
    expect(f.objective!.split('\n')[0]).toBe(he.clientNoteText_attendancePresent!.message);
    expect(f.assessment).toContain(he.clientNoteText_noRisk!.message.replace('{name}', 'Ben'));
    expect(f.assessment).toContain(he.clientNoteText_progress!.message);
    expect(
      Object.values(f)
        .join('\n')
        .replace(/Ben Adler|Ben laughed|Ben|\d/g, ''),
    ).not.toMatch(/[A-Za-z]{3}/);
  });
});
