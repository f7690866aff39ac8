import { describe, expect, it } from 'vitest';
import { memberMarkdown, sessionMarkdown, type SessionExport } from '../../../domain/markdown';
import { noteTemplates } from '../../../domain/templates';
import type { Marker, Note } from '../../../domain/types';
import { group, groupSession, marker as build, member } from './builders';

const marker = (id: string, at: number, memberId: string | null, text: string, category = 'body.face'): Marker =>
  build({ id, at, memberId, text, category });
const note = (template: Note['template'], noteClass: Note['noteClass'], fields: Record<string, string>): Note => ({
  id: template,
  sessionId: 's',
  template,
  noteClass,
  fields,
  updatedAt: 0,
});

const x: SessionExport = {
  session: groupSession({ attendance: { a: 'present', b: 'late' } }),
  owner: group(),
  members: [member('a', 'Avery'), member('b', 'Blake')],
  markers: [
    marker('1', 65_000, 'a', 'looked away when Blake spoke'),
    marker('2', 5_000, 'b', 'quiet'),
    { ...marker('3', 9_000, null, 'gone'), deleted: true },
  ],
  notes: [note('group-process', 'process', { themes: 'belonging' }), note('soap', 'progress', { plan: 'next week' })],
  templates: noteTemplates(),
};

describe('sessionMarkdown', () => {
  it('keeps progress and process notes apart', () => {
    const process = sessionMarkdown(x, 'process');
    expect(process).toContain('belonging');
    expect(process).not.toContain('next week');
    const progress = sessionMarkdown(x, 'progress');
    expect(progress).toContain('next week');
    expect(progress).not.toContain('belonging');
  });
  it('lists live markers in time order with members, not deleted ones', () => {
    const md = sessionMarkdown(x, 'process');
    expect(md.indexOf('0:05')).toBeLessThan(md.indexOf('1:05'));
    expect(md).toContain('(Avery)');
    expect(md).not.toContain('gone');
  });
  it('writes a note in a clinic template with the labels of the templates the export carries', () => {
    const clinic = noteTemplates([
      { id: 'dbt', label: 'DBT skills group note', noteClass: 'process', fields: [{ id: 'module', label: 'Module' }] },
    ]);
    const withClinic = { ...x, notes: [note('dbt' as Note['template'], 'process', { module: 'TIPP' })] };
    expect(sessionMarkdown({ ...withClinic, templates: clinic }, 'process')).toContain(
      '## DBT skills group note\n\n### Module\n\nTIPP\n',
    );
    expect(() => sessionMarkdown(withClinic, 'process')).toThrow('Unknown note template: dbt');
  });
});

describe('memberMarkdown', () => {
  it('names no other member, even inside free text', () => {
    const md = memberMarkdown(x, 'a');
    expect(md).toContain('Avery');
    expect(md).not.toContain('Blake');
    expect(md).toContain('[another member]');
    expect(md).not.toContain('quiet');
  });
  it('refuses a member who is not there', () => {
    expect(() => memberMarkdown(x, 'zzz')).toThrow(/not in this session/);
  });
});

describe('an export in German', () => {
  it('writes headings, dates and times in German, in the time zone it names, with summer time', async () => {
    const { useMessages } = await import('../../../util/i18n');
    const { builtMessages } = await import('../../support/messages');
    useMessages('de', await builtMessages('de'), await builtMessages('en'));
    // 6 January 2026, 18:00 UTC is 19:00 in Berlin (UTC+01:00).
    const md = sessionMarkdown({ ...x, timeZone: 'Europe/Berlin' }, 'process');
    expect(md.split('\n').slice(0, 5)).toEqual([
      '# Tuesday group: Sitzung vom Di., 6. Jan. 2026, 19:00',
      '',
      'Zeiten: Europe/Berlin, UTC+01:00',
      '',
      'Art der Notiz: Psychotherapie-(Prozess-)Notizen',
    ]);
    expect(md).toContain('## Anwesenheit\n\n- Avery: anwesend\n- Blake: verspätet\n');
    expect(md).toContain('## Gruppenprozessnotiz\n\n### Themen\n\nbelonging\n');
    expect(md).toContain('## Zeitleiste\n\n- 0:05 Reaktion im Gesicht (Blake): quiet');
    // In July Berlin keeps summer time, and another zone writes the same moment at its own hour.
    const july = { ...x, session: { ...x.session, startedAt: Date.UTC(2026, 6, 6, 18) } };
    expect(sessionMarkdown({ ...july, timeZone: 'Europe/Berlin' }, 'process')).toContain(
      'Zeiten: Europe/Berlin, UTC+02:00',
    );
    const ny = sessionMarkdown({ ...july, timeZone: 'America/New_York' }, 'process');
    expect(ny).toContain('Sitzung vom Mo., 6. Juli 2026, 14:00');
    expect(ny).toContain('Zeiten: America/New_York, UTC-04:00');
  });
});
