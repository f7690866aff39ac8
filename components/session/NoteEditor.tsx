import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { TEMPLATES, templateById } from '../../domain/templates';
import type { Note, NoteTemplateId } from '../../domain/types';
import { useAutosave } from '../useAutosave';

interface Props {
  sessionId: string;
  defaultTemplate: NoteTemplateId;
  load: (sessionId: string, t: NoteTemplateId) => Promise<Note>;
  save: (n: Note) => Promise<void>;
  /** The marker timeline as text, for "Insert timeline". */
  timelineText: () => string;
}

/** The session's note in a chosen template; drafts save as you type. */
export function NoteEditor(p: Props): JSX.Element {
  const [template, setTemplate] = useState<NoteTemplateId>(p.defaultTemplate);
  const [note, setNote] = useState<Note | undefined>();
  const [error, setError] = useState('');
  useEffect(() => {
    setNote(undefined);
    p.load(p.sessionId, template).then(setNote, (e: Error) => setError(e.message));
  }, [p.sessionId, template]);
  return (
    <section class="card" aria-labelledby="note-title">
      <div class="row">
        <h2 id="note-title" class="grow">
          Note
        </h2>
        <label for="note-template" class="sr-only">
          Template
        </label>
        <select id="note-template" value={template} onChange={(e) => setTemplate(e.currentTarget.value as NoteTemplateId)}>
          {TEMPLATES.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {note ? <Fields key={note.id} initial={note} save={p.save} timelineText={p.timelineText} /> : !error && <p class="quiet">Opening…</p>}
    </section>
  );
}

function Fields({ initial, save, timelineText }: { initial: Note; save: Props['save']; timelineText: () => string }): JSX.Element {
  const [fields, setFields] = useState(initial.fields);
  const t = templateById(initial.template);
  const serial = JSON.stringify(fields);
  const status = useAutosave(serial, (s) => save({ ...initial, fields: JSON.parse(s) as Record<string, string> }));
  const set = (id: string, v: string) => setFields((f) => ({ ...f, [id]: v }));
  const lastField = t.fields.find((f) => f.id === 'hereAndNow' || f.id === 'data' || f.id === 'objective' || f.id === 'behavior') ?? t.fields[0]!;
  return (
    <>
      <p class="quiet">{t.noteClass === 'process' ? 'Psychotherapy (process) note: kept apart from progress notes.' : 'Progress note.'}</p>
      {t.fields.map((f) => (
        <div class="field" key={f.id}>
          <label for={`nf-${f.id}`}>{f.label}</label>
          <textarea
            id={`nf-${f.id}`}
            data-field={f.id}
            autocomplete="off"
            rows={3}
            placeholder={f.help}
            value={fields[f.id] ?? ''}
            onInput={(e) => set(f.id, e.currentTarget.value)}
          />
        </div>
      ))}
      <div class="row">
        <button type="button" onClick={() => set(lastField.id, [fields[lastField.id] ?? '', timelineText()].filter(Boolean).join('\n\n'))}>
          Insert timeline into “{lastField.label}”
        </button>
        <span class="quiet status" aria-live="polite" data-status={status}>
          {status === 'saved' ? 'Draft saved, encrypted' : status === 'error' ? 'Could not save; will retry' : ''}
        </span>
      </div>
    </>
  );
}
