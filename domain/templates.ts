import type { NoteClass, NoteTemplateId } from './types';

/**
 * Note templates. The group process note is a psychotherapy (process) note;
 * SOAP, DAP and BIRP are progress notes. The two classes are kept apart:
 * no export mixes them.
 */
export interface TemplateField {
  id: string;
  label: string;
  help: string;
}

export interface NoteTemplate {
  id: NoteTemplateId;
  label: string;
  noteClass: NoteClass;
  fields: readonly TemplateField[];
}

const f = (id: string, label: string, help: string): TemplateField => ({ id, label, help });

export const TEMPLATES: readonly NoteTemplate[] = [
  {
    id: 'group-process',
    label: 'Group process note',
    noteClass: 'process',
    fields: [
      f('attendance', 'Attendance', 'Who came, who was late or left, who was missing.'),
      f('themes', 'Themes', 'What the group kept returning to.'),
      f('hereAndNow', 'Here-and-now process', 'What happened between people in the session itself.'),
      f('factors', 'Therapeutic factors seen', 'For example universality, hope, interpersonal learning, cohesion.'),
      f('climate', 'Cohesion and climate', 'Engagement, avoidance, conflict; how safe the room felt.'),
      f('members', 'Member by member', 'A line or two for each member.'),
      f('coleaders', 'Co-leader process', 'How the two of you worked together and communicated.'),
      f('risk', 'Risk', 'Any concern for safety, and what was done.'),
      f('plan', 'Plan', 'For the next session and between sessions.'),
    ],
  },
  {
    id: 'soap',
    label: 'SOAP progress note',
    noteClass: 'progress',
    fields: [
      f('subjective', 'Subjective', 'What the client reported.'),
      f('objective', 'Objective', 'What you observed.'),
      f('assessment', 'Assessment', 'Your clinical understanding.'),
      f('plan', 'Plan', 'Next steps.'),
    ],
  },
  {
    id: 'dap',
    label: 'DAP progress note',
    noteClass: 'progress',
    fields: [
      f('data', 'Data', 'What was said and observed.'),
      f('assessment', 'Assessment', 'Your clinical understanding.'),
      f('plan', 'Plan', 'Next steps.'),
    ],
  },
  {
    id: 'birp',
    label: 'BIRP progress note',
    noteClass: 'progress',
    fields: [
      f('behavior', 'Behavior', 'What the client presented with.'),
      f('intervention', 'Intervention', 'What you did.'),
      f('response', 'Response', 'How the client responded.'),
      f('plan', 'Plan', 'Next steps.'),
    ],
  },
];

/** A clinic's own template as its policy writes it (policy/settings.ts ClinicTemplate). */
export interface ClinicTemplateSource {
  id: string;
  label: string;
  noteClass: NoteClass;
  fields: readonly { id: string; label: string; help?: string }[];
}

/**
 * The templates a leader may write in: the built-in ones, then the clinic's
 * own (managed policy, the resolved settings' noteTemplates); a clinic
 * template with a built-in id is left out.
 */
export function noteTemplates(clinic: readonly ClinicTemplateSource[] = []): readonly NoteTemplate[] {
  return [
    ...TEMPLATES,
    ...clinic
      .filter((t) => !TEMPLATES.some((b) => b.id === t.id))
      .map((t) => ({
        id: t.id as NoteTemplateId,
        label: t.label,
        noteClass: t.noteClass,
        fields: t.fields.map((f) => ({ id: f.id, label: f.label, help: f.help ?? '' })),
      })),
  ];
}

/** Throws on an id that is none of `templates`. */
export function templateById(templates: readonly NoteTemplate[], id: NoteTemplateId): NoteTemplate {
  const t = templates.find((x) => x.id === id);
  if (!t) throw new Error(`Unknown note template: ${id}`);
  return t;
}
