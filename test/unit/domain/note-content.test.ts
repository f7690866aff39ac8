import { describe, expect, it } from 'vitest';
import { BUILT_IN } from '../../../domain/categories';
import { memberMarkdown, sessionMarkdown, timelineLines, type SessionExport } from '../../../domain/markdown';
import { hideNames, markerBelongsIn } from '../../../domain/note-content';
import { TEMPLATES } from '../../../domain/templates';
import type { Marker, Note } from '../../../domain/types';
import { group, groupSession, marker as build, member } from './builders';

let n = 0;
const marker = (category: string, memberId: string | null, text = ''): Marker =>
  build({ id: `m${++n}`, at: n * 1000, category, memberId, text });

const MEMBERS = [member('a', 'Devon Lake'), member('b', 'Blake Smith'), member('c', 'Rae')];
// One untagged marker of every built-in category, each with a word that says where it came from.
const EVERY_CATEGORY = BUILT_IN.map((c) => marker(c.code, null, `word-${c.code}`));
const PROCESS_ONLY = [
  'presence.distracted',
  'presence.disclosure',
  'presence.rupture',
  'presence.repair',
  ...BUILT_IN.filter((c) => c.family === 'signal' || c.family === 'coleader').map((c) => c.code),
];

function groupExport(notes: Note[]): SessionExport {
  return {
    session: groupSession({ attendance: { a: 'present', b: 'late', c: 'absent' } }),
    owner: group(),
    members: MEMBERS,
    markers: [
      ...EVERY_CATEGORY,
      marker('body.face', 'a', 'tightened while Blake spoke'),
      marker('frame.late', 'b', 'seven minutes'),
      marker('general.mark', null, 'the group fell quiet after Devon and blake argued'),
    ],
    notes,
    templates: TEMPLATES,
    checklist: '## Pre-session checklist\n\n- Devon Lake: location confirmed this session; consent on file',
  };
}

const filled = (t: (typeof TEMPLATES)[number]): Note => ({
  id: t.id,
  sessionId: 's',
  template: t.id,
  noteClass: t.noteClass,
  fields: Object.fromEntries(t.fields.map((f) => [f.id, `${f.id}: Devon Lake opened up; Rae listened`])),
  updatedAt: 0,
});

describe('what a progress note may hold', () => {
  const progressTemplates = TEMPLATES.filter((t) => t.noteClass === 'progress');
  it('there are progress templates to check', () => expect(progressTemplates.length).toBeGreaterThanOrEqual(3));

  it.each(progressTemplates.map((t) => [t.id, t] as const))(
    '%s export: no leader process, signal or exchange, no member named, no status per member',
    (_id, t) => {
      const md = sessionMarkdown(groupExport([filled(t)]), 'progress');
      for (const code of PROCESS_ONLY) expect(md).not.toContain(`word-${code}`);
      for (const label of ['I was distracted', 'Signal:', 'Said aloud between leaders', 'Empathic failure'])
        expect(md).not.toContain(label);
      for (const name of ['Devon', 'Lake', 'Blake', 'Smith', 'Rae', 'blake']) expect(md).not.toContain(name);
      // Markers about one member stay out; the group's own moments stay in.
      expect(md).not.toContain('tightened');
      expect(md).not.toContain('seven minutes');
      expect(md).toContain('word-general.mark');
      expect(md).toContain('word-risk.crisis');
      expect(md).toContain('word-alliance.conflict');
      expect(md).toContain('the group fell quiet after [a member] and [a member] argued');
      // The note itself, with names hidden.
      for (const f of t.fields) expect(md).toContain(`${f.id}: [a member] opened up; [a member] listened`);
      // Attendance counted, not listed; the checklist (locations, consent) left out.
      expect(md).toContain('1 present, 1 late, 1 absent.');
      expect(md).not.toContain('location confirmed');
      expect(md).not.toContain('consent');
    },
  );

  it.each(progressTemplates.map((t) => [t.id, t] as const))(
    '"Insert timeline" into %s follows the same rule',
    (_id, t) => {
      const text = timelineLines(groupExport([]), t.noteClass).join('\n');
      for (const code of PROCESS_ONLY) expect(text).not.toContain(`word-${code}`);
      for (const name of ['Devon', 'Blake', 'Rae']) expect(text).not.toContain(name);
      expect(text).toContain('word-frame.privacy');
    },
  );

  it('the process note keeps everything, by name', () => {
    const process = TEMPLATES.find((t) => t.noteClass === 'process')!;
    const md = sessionMarkdown(groupExport([filled(process)]), 'process');
    for (const code of PROCESS_ONLY) expect(md).toContain(`word-${code}`);
    expect(md).toContain('(Devon Lake)');
    expect(md).toContain('Blake Smith: late');
    expect(md).toContain('Devon Lake: location confirmed');
    expect(md).toContain('attendance: Devon Lake opened up');
  });

  it("in a client's own session, markers about the client stay in the progress note", () => {
    const x = groupExport([]);
    const client = { id: 'cl', name: 'Sam Ortiz', pronouns: '', archived: false, createdAt: 0, updatedAt: 0 };
    const own: SessionExport = {
      ...x,
      session: { ...x.session, ownerKind: 'client', ownerId: 'cl', attendance: {} },
      owner: client,
      members: [],
      markers: [marker('body.face', 'cl', 'tears when speaking of work'), marker('presence.distracted', null)],
    };
    const md = sessionMarkdown(own, 'progress');
    expect(md).toContain('tears when speaking of work');
    expect(md).not.toContain('I was distracted');
  });

  it('a deleted marker belongs in no note', () => {
    const m = { ...marker('risk.crisis', null), deleted: true };
    expect(markerBelongsIn(m, 'process', { ownerId: 'g' })).toBe(false);
    expect(markerBelongsIn(m, 'progress', { ownerId: 'g' })).toBe(false);
  });
});

describe('hideNames', () => {
  it('hides every word of a name, whole words only, in any case', () => {
    const names = ['Blake Smith', 'Rae'];
    expect(hideNames('Blake said Smith and BLAKE SMITH left; Raeburn stayed, rae did not', names, '[x]')).toBe(
      '[x] said [x] and [x] left; Raeburn stayed, [x] did not',
    );
  });
  it('leaves text alone with no names, and ignores one-letter parts', () => {
    expect(hideNames('nothing here', [])).toBe('nothing here');
    expect(hideNames('J. met A', ['J. Doe'])).toBe('J. met A');
  });
  it('hides a nickname written into the stored name, in quotes or brackets', () => {
    const names = ['Robert "Bobby" Okafor', 'Sam (Sammy) Lee', "Aoife O'Neill"];
    expect(hideNames('Bobby, Sammy, Okafor, Lee and O’Neill, not Bob', names, '[x]')).toBe(
      '[x], [x], [x], [x] and O’Neill, not Bob',
    );
    expect(hideNames("O'Neill and Aoife", names, '[x]')).toBe('[x] and [x]');
  });

  it('treats names as text, not as patterns', () => {
    expect(hideNames('Ann (A.) and A.nn', ['A.nn'])).toBe('Ann (A.) and [a member]');
  });
});

describe('memberMarkdown', () => {
  it("hides each word of other members' names, not only the stored name", () => {
    const x = groupExport([]);
    const md = memberMarkdown(x, 'a');
    expect(md).toContain('tightened while [another member] spoke');
    expect(md).not.toContain('Blake');
  });
});
