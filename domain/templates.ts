import { t, type LabelKey } from '../util/i18n';
import type { NoteClass, NoteTemplateId } from './types';

/**
 * Note templates. The group process note is a psychotherapy (process) note;
 * SOAP, DAP and BIRP are progress notes. The two classes are kept apart:
 * no export mixes them.
 */
export interface TemplateField {
  id: string;
  /** A built-in field's heading in the current language; a clinic field's as the clinic wrote it. */
  readonly label: string;
  readonly help: string;
}

export interface NoteTemplate {
  id: NoteTemplateId;
  readonly label: string;
  noteClass: NoteClass;
  fields: readonly TemplateField[];
}

const f = (id: string, label: LabelKey, help: LabelKey): TemplateField => ({
  id,
  get label() {
    return t(label);
  },
  get help() {
    return t(help);
  },
});

/** A built-in template: its name and headings are read in the current language; notes store only the ids. */
const template = (id: NoteTemplateId, label: LabelKey, noteClass: NoteClass, fields: readonly TemplateField[]) => ({
  id,
  get label() {
    return t(label);
  },
  noteClass,
  fields,
});

export const TEMPLATES: readonly NoteTemplate[] = [
  template('group-process', 'templateText.groupProcess', 'process', [
    f('attendance', 'templateText.attendance', 'templateText.attendanceHelp'),
    f('themes', 'templateText.themes', 'templateText.themesHelp'),
    f('hereAndNow', 'templateText.hereAndNow', 'templateText.hereAndNowHelp'),
    f('factors', 'templateText.factors', 'templateText.factorsHelp'),
    f('climate', 'templateText.climate', 'templateText.climateHelp'),
    f('members', 'templateText.members', 'templateText.membersHelp'),
    f('coleaders', 'templateText.coleaders', 'templateText.coleadersHelp'),
    f('risk', 'templateText.risk', 'templateText.riskHelp'),
    f('plan', 'templateText.plan', 'templateText.planHelp'),
  ]),
  template('soap', 'templateText.soap', 'progress', [
    f('subjective', 'templateText.subjective', 'templateText.subjectiveHelp'),
    f('objective', 'templateText.objective', 'templateText.objectiveHelp'),
    f('assessment', 'templateText.assessment', 'templateText.assessmentHelp'),
    f('plan', 'templateText.plan', 'templateText.nextSteps'),
  ]),
  template('dap', 'templateText.dap', 'progress', [
    f('data', 'templateText.data', 'templateText.dataHelp'),
    f('assessment', 'templateText.assessment', 'templateText.assessmentHelp'),
    f('plan', 'templateText.plan', 'templateText.nextSteps'),
  ]),
  template('birp', 'templateText.birp', 'progress', [
    f('behavior', 'templateText.behavior', 'templateText.behaviorHelp'),
    f('intervention', 'templateText.intervention', 'templateText.interventionHelp'),
    f('response', 'templateText.response', 'templateText.responseHelp'),
    f('plan', 'templateText.plan', 'templateText.nextSteps'),
  ]),
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
