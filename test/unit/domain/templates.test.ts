import { describe, expect, it } from 'vitest';
import { noteTemplates, templateById, TEMPLATES } from '../../../domain/templates';
import type { NoteTemplateId } from '../../../domain/types';

describe('noteTemplates', () => {
  it('offers the built-in templates, then the clinic’s own, each field with its help or none', () => {
    const all = noteTemplates([
      {
        id: 'dbt',
        label: 'DBT skills group note',
        noteClass: 'process',
        fields: [
          { id: 'module', label: 'Module' },
          { id: 'homework', label: 'Homework', help: 'Who practised.' },
        ],
      },
    ]);
    expect(all.map((t) => t.id)).toEqual([...TEMPLATES.map((t) => t.id), 'dbt']);
    expect(templateById(all, 'dbt' as NoteTemplateId)).toEqual({
      id: 'dbt',
      label: 'DBT skills group note',
      noteClass: 'process',
      fields: [
        { id: 'module', label: 'Module', help: '' },
        { id: 'homework', label: 'Homework', help: 'Who practised.' },
      ],
    });
  });

  it('keeps a built-in template when a clinic template takes its id', () => {
    const all = noteTemplates([{ id: 'soap', label: 'Our SOAP', noteClass: 'process', fields: [] }]);
    expect(all).toEqual(TEMPLATES);
    expect(templateById(all, 'soap').label).toBe('SOAP progress note');
  });

  it('knows only the templates it is given', () => {
    expect(() => templateById(noteTemplates(), 'dbt' as NoteTemplateId)).toThrow('Unknown note template: dbt');
  });
});
