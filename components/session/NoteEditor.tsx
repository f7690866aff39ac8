import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { fieldContext, fieldState } from '../../domain/merge';
import { templateById } from '../../domain/templates';
import type { NoteClass, NoteTemplateId } from '../../domain/types';
import { Button } from '../common/Button';
import { Field } from '../common/Field';
import { SaveStatusLine } from '../SaveStatusLine';
import { useAutosave } from '../useAutosave';
import { useLive } from '../useLive';
import type { SessionApi } from './api';
import { t as tr } from '../../util/i18n';

interface Props {
  sessionId: string;
  defaultTemplate: NoteTemplateId;
  notes: SessionApi['notes'];
  /** The marker timeline as text for a note of this class, for "Insert timeline". */
  timelineText: (noteClass: NoteClass) => string;
}

/** The session's note in a chosen template; drafts save as you type. */
export function NoteEditor(p: Props): JSX.Element {
  const [template, setTemplate] = useState<NoteTemplateId>(p.defaultTemplate);
  return (
    <section class="card" aria-labelledby="note-title">
      <div class="row">
        <h2 id="note-title" class="grow">
          {tr('note.title')}
        </h2>
        <Field
          as="select"
          id="note-template"
          label={tr('note.template')}
          hideLabel
          class="note-template"
          value={template}
          onChange={(e) => setTemplate(e.currentTarget.value as NoteTemplateId)}
        >
          {p.notes.templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </Field>
      </div>
      <Fields
        key={template}
        sessionId={p.sessionId}
        template={template}
        notes={p.notes}
        timelineText={p.timelineText}
      />
    </section>
  );
}

interface FieldsProps {
  sessionId: string;
  template: NoteTemplateId;
  notes: SessionApi['notes'];
  timelineText: (noteClass: NoteClass) => string;
}

/**
 * Local text and the last stored text per field: a co-leader's edit shows
 * up in a field this leader has not touched since, and only fields this
 * leader changed are saved. Each save supersedes only the versions the
 * field's text was taken from (`shown`), so a co-leader's text that arrived
 * while this leader was typing stays, beside theirs.
 *
 * After a save, a field shows the stored text again only once the stored
 * note holds that save (its version id is in the field's context): a
 * co-leader's version can arrive while the save runs, and the stored note
 * this leader's own save produces can arrive before the save returns; going
 * by text alone, the field would then keep only this leader's words on
 * screen while both are stored.
 */
function Fields({ sessionId, template, notes, timelineText }: FieldsProps): JSX.Element {
  const t = templateById(notes.templates, template);
  const stored = useLive(() => notes.live(sessionId, template), [sessionId, template]);
  const base = useRef<Record<string, string> | null>(null);
  const shown = useRef<Record<string, string[]>>({});
  /** The fields of the save under way: a field the leader has changed back meanwhile is not theirs to overwrite. */
  const saving = useRef<Record<string, string>>({});
  /** Per field, this leader's last save (text and version id) until the stored note holds it. */
  const savedAs = useRef<Record<string, { text: string; id: string }>>({});
  const latest = useRef<typeof stored.value>(undefined);
  const [fields, setFields] = useState<Record<string, string>>({});
  const reconcile = (note: typeof stored.value) => {
    const next = note?.fields ?? {};
    const prev = base.current ?? {};
    const states = Object.fromEntries(
      t.fields.map((f) => [f.id, fieldContext(fieldState(note?.versions?.[f.id], next[f.id]))]),
    );
    const held = Object.fromEntries(
      Object.entries(savedAs.current).map(([id, s]) => [id, states[id]?.includes(s.id) ?? false]),
    );
    setFields((local) => {
      const merged = { ...local };
      for (const f of t.fields) {
        const mine = local[f.id] ?? '';
        const saved = savedAs.current[f.id];
        // Unchanged since the last stored text, unless a save of other text is still under way
        // (a word deleted while its save runs would come back), or already what is stored. Just
        // saved: unchanged since, and the stored note holds that save.
        const untouched = saved
          ? held[f.id] && mine === saved.text
          : mine === (prev[f.id] ?? '') && (saving.current[f.id] ?? mine) === mine;
        if (untouched || mine === (next[f.id] ?? '')) {
          merged[f.id] = next[f.id] ?? '';
          shown.current[f.id] = states[f.id] ?? [];
        }
      }
      return merged;
    });
    for (const [id, h] of Object.entries(held)) if (h) delete savedAs.current[id];
    base.current = next;
  };
  useEffect(() => {
    if (!stored.loaded) return;
    latest.current = stored.value;
    reconcile(stored.value);
  }, [stored.value, stored.loaded]);
  // Text a closed or locked page handed over for this note: back into its fields once the stored
  // note is on screen, saved from there like typed text (and kept on screen if that save fails).
  const tookKept = useRef(false);
  useEffect(() => {
    if (!stored.loaded || tookKept.current) return;
    tookKept.current = true;
    notes.kept(sessionId, template).then(
      (k) => {
        if (!k) return;
        Object.assign(shown.current, k.shown);
        setFields((f) => ({ ...f, ...k.changed }));
      },
      () => undefined,
    );
  }, [stored.loaded]);
  const serial = JSON.stringify(fields);
  /** The fields of `s` (a serial of the fields) that differ from the stored note this leader's text grew from. */
  const changedIn = (s: string) => {
    const now = JSON.parse(s) as Record<string, string>;
    const prev = base.current ?? {};
    return { now, changed: Object.fromEntries(Object.entries(now).filter(([k, v]) => v !== (prev[k] ?? ''))) };
  };
  const keep = (s: string) => {
    const { changed } = changedIn(s);
    if (!Object.keys(changed).length) return;
    notes.keep(
      sessionId,
      template,
      changed,
      Object.fromEntries(Object.keys(changed).map((k) => [k, shown.current[k] ?? []])),
    );
  };
  const status = useAutosave(
    serial,
    async (s) => {
      const since = Date.now();
      const { now, changed } = changedIn(s);
      // Nothing to save: what was handed over is dropped only if the stored note already holds it.
      if (!Object.keys(changed).length) return notes.dropKept(sessionId, template, now, 0).catch(() => undefined);
      saving.current = changed;
      let ids: Record<string, string>;
      try {
        ids = await notes.save(
          sessionId,
          template,
          changed,
          Object.fromEntries(Object.keys(changed).map((k) => [k, shown.current[k] ?? []])),
        );
      } finally {
        saving.current = {};
      }
      base.current = { ...(base.current ?? {}), ...changed };
      for (const [k, text] of Object.entries(changed)) if (ids[k]) savedAs.current[k] = { text, id: ids[k] };
      // The stored note may already hold this save (it arrived before the save returned): show it now.
      reconcile(latest.current);
      await notes.dropKept(sessionId, template, now, since).catch(() => undefined);
    },
    undefined,
    undefined,
    undefined,
    undefined,
    keep,
  );
  const set = (id: string, v: string) => setFields((f) => ({ ...f, [id]: v }));
  const target = t.fields.find((f) => ['hereAndNow', 'data', 'objective', 'behavior'].includes(f.id)) ?? t.fields[0]!;
  return (
    <>
      {stored.error && (
        <p class="error" role="alert">
          {stored.error}
        </p>
      )}
      <p class="quiet">
        {t.noteClass === 'process' ? tr('note.processNote') : tr('note.progressNote')}{' '}
        <SaveStatusLine status={status} saved={tr('note.draftSaved')} />
      </p>
      {t.fields.map((f) => (
        <Field
          as="textarea"
          key={f.id}
          id={`nf-${f.id}`}
          label={f.label}
          data-field={f.id}
          rows={3}
          placeholder={f.help}
          // Not before the stored note is read: text typed into the empty field would replace it.
          readOnly={!stored.loaded}
          aria-busy={!stored.loaded}
          value={fields[f.id] ?? ''}
          onInput={(e) => set(f.id, e.currentTarget.value)}
        />
      ))}
      <div class="row">
        <Button
          onClick={() =>
            set(target.id, [fields[target.id] ?? '', timelineText(t.noteClass)].filter(Boolean).join('\n\n'))
          }
        >
          {tr('note.insertTimeline', { field: target.label })}
        </Button>
      </div>
    </>
  );
}
