import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { Field } from '../common/Field';
import { Button } from '../common/Button';
import { useEffect, useState } from 'preact/hooks';
import { prefillClientNote } from '../../domain/client-notes';
import type { SessionExport } from '../../domain/markdown';
import type { NoteTemplate } from '../../domain/templates';
import type { Member, Note } from '../../domain/types';
import type { ClientNotesApi, NoteSigningApi } from './api';
import { SignControl, SignedNote } from './SignedNote';
import { TemplateFields } from './TemplateFields';

/**
 * One progress note per member of a group session, for each client's own
 * record: listed by member, each opened in place, prefilled from the
 * member's attendance and moments until it is first saved.
 */
export function ClientNotes({
  api,
  signing,
  x,
  onSaved,
}: {
  api: ClientNotesApi;
  signing?: NoteSigningApi | undefined;
  x: SessionExport;
  onSaved: () => void;
}): JSX.Element | null {
  const templates = x.templates.filter((t) => t.noteClass === 'progress');
  const [stored, setStored] = useState<Note[] | undefined>();
  const [templateId, setTemplateId] = useState(templates[0]?.id ?? '');
  const [open, setOpen] = useState<string | null>(null);
  const load = () => api.list(x.session.id).then(setStored, () => setStored([]));
  useEffect(() => void load(), [x.session.id]);
  if (!templates.length || !stored) return null;
  // The members this session concerns: those with attendance or a moment, else the group's current ones.
  const concerned = x.members.filter(
    (m) => m.id in x.session.attendance || x.markers.some((k) => k.memberId === m.id && !k.deleted),
  );
  const members = concerned.length ? concerned : x.members.filter((m) => !m.archived);
  if (!members.length) return null;
  const written = (m: Member) => stored.find((n) => n.memberId === m.id);
  return (
    <section class="client-notes" aria-labelledby="client-notes-title" data-client-notes>
      <h3 id="client-notes-title">{t('clientNotes.title')}</h3>
      <p class="hint">{t('clientNotes.intro')}</p>
      {templates.length > 1 && (
        <Field
          as="select"
          id="client-template"
          label={t('clientNotes.template')}
          value={templateId}
          onChange={(e) => setTemplateId(e.currentTarget.value)}
        >
          {templates.map((tpl) => (
            <option key={tpl.id} value={tpl.id}>
              {tpl.label}
            </option>
          ))}
        </Field>
      )}
      <ul class="plain client-note-list">
        {members.map((m) => {
          const note = written(m);
          const template = templates.find((t) => t.id === (note?.template ?? templateId)) ?? templates[0]!;
          return (
            <li key={m.id} data-client-note={m.id}>
              <div class="row">
                <Button
                  variant="link"
                  class="grow"
                  aria-expanded={open === m.id}
                  onClick={() => setOpen(open === m.id ? null : m.id)}
                >
                  <bdi>{m.name}</bdi>
                </Button>
                <span class="quiet" data-client-note-state>
                  {note?.signed
                    ? t('clientNotes.signed')
                    : note
                      ? t('clientNotes.written')
                      : t('clientNotes.notWritten')}
                </span>
              </div>
              {open === m.id && note?.signed && signing && (
                <SignedNote api={signing} note={note} template={template} onAmended={() => void load().then(onSaved)} />
              )}
              {open === m.id && !note?.signed && (
                <ClientNoteForm
                  key={`${m.id}-${template.id}`}
                  member={m}
                  template={template}
                  note={note}
                  x={x}
                  onSave={async (fields) => {
                    await api.save(
                      { sessionId: x.session.id, memberId: m.id, template: template.id, noteClass: 'progress' },
                      fields,
                    );
                    await load();
                    onSaved();
                  }}
                />
              )}
              {open === m.id && note && !note.signed && signing && (
                <details class="sign-notes">
                  <summary>{t('clientNotes.sign')}</summary>
                  <p class="hint">{t('signedNote.hint')}</p>
                  <SignControl
                    api={signing}
                    note={note}
                    label={t('clientNotes.thisNote')}
                    onSigned={() => void load().then(onSaved)}
                  />
                </details>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function ClientNoteForm({
  member,
  template,
  note,
  x,
  onSave,
}: {
  member: Member;
  template: NoteTemplate;
  note: Note | undefined;
  x: SessionExport;
  onSave: (fields: Record<string, string>) => Promise<void>;
}): JSX.Element {
  const [fields, setFields] = useState<Record<string, string>>(
    () =>
      note?.fields ??
      prefillClientNote({
        template,
        member,
        others: x.members.filter((m) => m.id !== member.id).map((m) => m.name),
        session: x.session,
        markers: x.markers,
        custom: x.custom,
      }),
  );
  const [state, setState] = useState<'prefilled' | 'changed' | 'saving' | 'saved' | 'failed'>(
    note ? 'saved' : 'prefilled',
  );
  const id = `client-${member.id}`;
  return (
    <form
      class="client-note"
      onSubmit={(e) => {
        e.preventDefault();
        setState('saving');
        onSave(fields).then(
          () => setState('saved'),
          () => setState('failed'),
        );
      }}
    >
      <TemplateFields
        idPrefix={id}
        template={template}
        fields={fields}
        onChange={(fieldId, v) => {
          setFields((prev) => ({ ...prev, [fieldId]: v }));
          setState('changed');
        }}
      />
      <div class="row">
        <Button type="submit" variant="primary" disabled={state === 'saving'}>
          {t('clientNotes.save')}
        </Button>
        <span class={state === 'failed' ? 'error' : 'quiet'} role="status">
          {state === 'prefilled' && t('clientNotes.prefilled')}
          {state === 'changed' && t('clientNotes.notSaved')}
          {state === 'saved' && t('common.saved')}
          {state === 'failed' && t('gcq.failed')}
        </span>
      </div>
    </form>
  );
}
