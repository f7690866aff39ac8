import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { recordFields, type CosignCheck, type SealCheck } from '../../domain/note-signing';
import type { NoteTemplate } from '../../domain/templates';
import type { Note } from '../../domain/types';
import type { NoteSigningApi } from './api';
import { TemplateFields } from './TemplateFields';
import { t } from '../../util/i18n';
import { momentDate } from '../../domain/clock';
import { Message } from '../common/Message';
import { shownError } from '../../util/user-error';

const when = momentDate;
const message = shownError;

/** The signer's name, remembered for this page only (never stored). */
function NameField({ id, value, onInput }: { id: string; value: string; onInput: (v: string) => void }) {
  return (
    <div class="field">
      <label for={id}>{t('signedNote.yourName')}</label>
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
        {t('signedNote.signAndLock', { label })}
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
        {t('signedNote.cosign')}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Whether a signature still holds over what it signed, and whether it was made on this device. */
function Holds({ valid, mine }: { valid: boolean; mine: boolean }) {
  return (
    <span class={valid ? 'badge' : 'badge-warn'}>
      {valid ? (mine ? t('signedNote.holdsHere') : t('signedNote.holds')) : t('signedNote.broke')}
    </span>
  );
}

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
    <section
      class="signed-note"
      aria-label={t('signedNote.signedLabel', { label: template.label })}
      data-signed-note={note.id}
    >
      <h3>{template.label}</h3>
      {broken && (
        <p class="error" role="alert" data-signature-broken>
          {t('signedNote.broken')}
        </p>
      )}
      {(checks ?? []).map(({ seal: c, mine }, i) => (
        <div key={i} class="seal" data-seal={c.kind}>
          <p class="seal-line">
            <strong>
              <Message
                id={c.kind === 'original' ? 'signedNote.signedBy' : 'signedNote.amendedBy'}
                parts={{ name: <bdi>{c.seal.name}</bdi> }}
              />
            </strong>
            , {when(c.seal.at)} <Holds valid={c.valid} mine={mine} />
          </p>
          {'reason' in c.seal && <p>{t('signedNote.reason', { reason: c.seal.reason })}</p>}
          <Fields template={template} fields={c.seal.fields} />
        </div>
      ))}
      {(cosigns ?? []).map(({ check: c, mine }, i) => (
        <div key={i} class="seal" data-cosign={c.valid ? 'valid' : 'broken'}>
          <p class="seal-line">
            <strong>
              <Message id="signedNote.cosignedBy" parts={{ name: <bdi>{c.cosign.name}</bdi> }} />
            </strong>
            , {when(c.cosign.at)}
            {!c.latest && ` ${t('signedNote.earlierVersion')}`} <Holds valid={c.valid} mine={mine} />
          </p>
        </div>
      ))}
      {mayCosign && <CosignControl api={api} note={note} onCosigned={onAmended} />}
      {!amending ? (
        <button type="button" onClick={() => setAmending(true)}>
          {t('signedNote.amend')}
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
            <label for={`${id}-reason`}>{t('signedNote.amendReason')}</label>
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
              {t('signedNote.signAmendment')}
            </button>
            <button type="button" onClick={() => setAmending(false)}>
              {t('signedNote.cancel')}
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
