import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { recordFields, type CosignCheck, type SealCheck } from '../../domain/note-signing';
import type { NoteTemplate } from '../../domain/templates';
import type { Note } from '../../domain/types';
import type { NoteSigningApi } from './api';
import { TemplateFields } from './TemplateFields';

const when = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The signer's name, remembered for this page only (never stored). */
function NameField({ id, value, onInput }: { id: string; value: string; onInput: (v: string) => void }) {
  return (
    <div class="field">
      <label for={id}>Your name and credentials</label>
      <input
        id={id}
        type="text"
        autocomplete="off"
        spellcheck={false}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </div>
  );
}

/** Under a stored, unsigned note: sign it, after which it is read-only. */
export function SignControl({
  api,
  note,
  label,
  onSigned,
}: {
  api: NoteSigningApi;
  note: Note;
  /** Which note, e.g. the template's name. */
  label: string;
  onSigned: () => void;
}): JSX.Element {
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const id = `sign-${note.id}`;
  return (
    <div class="sign-note" data-sign-note={note.id}>
      <NameField id={id} value={name} onInput={setName} />
      <button
        type="button"
        class="primary"
        onClick={() => {
          setError('');
          api.sign(note.id, name).then(onSigned, (e: unknown) => setError(message(e)));
        }}
      >
        Sign and lock {label}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Under a co-leader's signed note: co-sign it as it reads now. */
function CosignControl({ api, note, onCosigned }: { api: NoteSigningApi; note: Note; onCosigned: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  return (
    <div class="sign-note" data-cosign-note={note.id}>
      <NameField id={`cosign-${note.id}`} value={name} onInput={setName} />
      <button
        type="button"
        onClick={() => {
          setError('');
          api.cosign(note.id, name).then(onCosigned, (e: unknown) => setError(message(e)));
        }}
      >
        Co-sign this note
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The hint shown before signing. */
export const SIGN_HINT =
  'Signing makes a note a record: it cannot be edited afterwards, and any change is an amendment with its ' +
  'reason, shown beside the original.';

function Fields({ template, fields }: { template: NoteTemplate; fields: Record<string, string> }) {
  return (
    <dl class="record-fields">
      {template.fields
        .filter((f) => fields[f.id]?.trim())
        .map((f) => (
          <div key={f.id}>
            <dt>{f.label}</dt>
            <dd>{fields[f.id]}</dd>
          </div>
        ))}
    </dl>
  );
}

/**
 * A signed note as a record: the original and every amendment, each with
 * who signed it, when, and whether its signature still holds; and a form
 * to add an amendment.
 */
export function SignedNote({
  api,
  note,
  template,
  onAmended,
}: {
  api: NoteSigningApi;
  note: Note;
  template: NoteTemplate;
  onAmended: () => void;
}): JSX.Element {
  const [checks, setChecks] = useState<{ seal: SealCheck; mine: boolean }[] | undefined>();
  const [cosigns, setCosigns] = useState<{ check: CosignCheck; mine: boolean }[] | undefined>();
  const [amending, setAmending] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>(() => ({ ...recordFields(note) }));
  const [reason, setReason] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  useEffect(() => void api.check(note).then(setChecks), [note]);
  useEffect(() => void api.checkCosigns(note).then(setCosigns), [note]);
  const id = `amend-${note.id}`;
  const broken = checks?.some((c) => !c.seal.valid) || cosigns?.some((c) => !c.check.valid);
  // A co-leader co-signs the latest version, unless they signed it or co-signed it already.
  const latestMine = checks?.at(-1)?.mine;
  const cosignedByMe = cosigns?.some((c) => c.mine && c.check.latest);
  const mayCosign = checks !== undefined && cosigns !== undefined && !latestMine && !cosignedByMe;
  return (
    <section class="signed-note" aria-label={`${template.label}, signed`} data-signed-note={note.id}>
      <h3>{template.label}</h3>
      {broken && (
        <p class="error" role="alert" data-signature-broken>
          A signature below does not match this note: it was changed after it was signed. Do not rely on this record;
          compare it with a backup.
        </p>
      )}
      {(checks ?? []).map(({ seal: c, mine }, i) => (
        <div key={i} class="seal" data-seal={c.kind}>
          <p class="seal-line">
            <strong>
              {c.kind === 'original' ? 'Signed' : 'Amended'} by <bdi>{c.seal.name}</bdi>
            </strong>
            , {when(c.seal.at)}{' '}
            <span class={c.valid ? 'badge' : 'badge-warn'}>
              {c.valid ? (mine ? 'signature holds, this device' : 'signature holds') : 'signature does not match'}
            </span>
          </p>
          {'reason' in c.seal && <p>Reason: {c.seal.reason}</p>}
          <Fields template={template} fields={c.seal.fields} />
        </div>
      ))}
      {(cosigns ?? []).map(({ check: c, mine }, i) => (
        <div key={i} class="seal" data-cosign={c.valid ? 'valid' : 'broken'}>
          <p class="seal-line">
            <strong>
              Co-signed by <bdi>{c.cosign.name}</bdi>
            </strong>
            , {when(c.cosign.at)}
            {!c.latest && ' (an earlier version)'}{' '}
            <span class={c.valid ? 'badge' : 'badge-warn'}>
              {c.valid ? (mine ? 'signature holds, this device' : 'signature holds') : 'signature does not match'}
            </span>
          </p>
        </div>
      ))}
      {mayCosign && <CosignControl api={api} note={note} onCosigned={onAmended} />}
      {!amending ? (
        <button type="button" onClick={() => setAmending(true)}>
          Amend…
        </button>
      ) : (
        <form
          class="amend"
          onSubmit={(e) => {
            e.preventDefault();
            setError('');
            api.amend(note.id, fields, reason, name).then(
              () => {
                setAmending(false);
                setReason('');
                onAmended();
              },
              (err: unknown) => setError(message(err)),
            );
          }}
        >
          <TemplateFields
            idPrefix={id}
            template={template}
            fields={fields}
            withHelp={false}
            onChange={(fieldId, v) => setFields((prev) => ({ ...prev, [fieldId]: v }))}
          />
          <div class="field">
            <label for={`${id}-reason`}>Reason for the amendment</label>
            <textarea
              id={`${id}-reason`}
              rows={2}
              autocomplete="off"
              spellcheck={false}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </div>
          <NameField id={`${id}-name`} value={name} onInput={setName} />
          <div class="row">
            <button type="submit" class="primary">
              Sign the amendment
            </button>
            <button type="button" onClick={() => setAmending(false)}>
              Cancel
            </button>
          </div>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
