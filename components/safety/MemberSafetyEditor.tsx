import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { MemberSafety } from '../../domain/safety';
import { dateToMs, msToDate } from './dates';

interface Props {
  memberName: string;
  record: MemberSafety;
  onSave: (r: MemberSafety) => Promise<unknown>;
  onDone?: () => void;
}

type Text = 'location' | 'region' | 'emergencyContact' | 'consentVersion' | 'remarks';
type When = 'consentDate' | 'agreementDate';

/** A member's safety record: where they join from, who to call, consent and agreement. */
export function MemberSafetyEditor({ memberName, record, onSave, onDone }: Props): JSX.Element {
  const [r, setR] = useState(record);
  const [error, setError] = useState('');
  const id = `safety-${record.id}`;
  const text = (k: Text, label: string, hint?: string, area = false) => (
    <div class="field">
      <label for={`${id}-${k}`}>{label}</label>
      {area ? (
        <textarea
          id={`${id}-${k}`}
          autocomplete="off"
          rows={2}
          value={r[k]}
          onInput={(e) => setR({ ...r, [k]: e.currentTarget.value })}
        />
      ) : (
        <input
          id={`${id}-${k}`}
          autocomplete="off"
          value={r[k]}
          aria-describedby={hint ? `${id}-${k}-hint` : undefined}
          onInput={(e) => setR({ ...r, [k]: e.currentTarget.value })}
        />
      )}
      {hint && (
        <p class="hint" id={`${id}-${k}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
  const date = (k: When, label: string) => (
    <div class="field">
      <label for={`${id}-${k}`}>{label}</label>
      <input
        id={`${id}-${k}`}
        type="date"
        autocomplete="off"
        value={msToDate(r[k])}
        onInput={(e) => setR({ ...r, [k]: dateToMs(e.currentTarget.value) })}
      />
    </div>
  );
  return (
    <form
      class="editor"
      aria-label={`Safety record for ${memberName}`}
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await onSave({ ...r, location: r.location.trim(), region: r.region.trim() });
          setError('');
          onDone?.();
        } catch (err) {
          setError(err instanceof Error ? err.message : String(err));
        }
      }}
    >
      <h3>Safety record: {memberName}</h3>
      {text(
        'location',
        'Where they usually join from',
        'Enough for emergency services to find them: street, town, floor.',
        true,
      )}
      {text(
        'region',
        'State, province or country there',
        'For the licence check and the emergency number there, e.g. CA, Ontario or Israel.',
      )}
      {text('emergencyContact', 'Emergency contact', 'Name, relation and phone number.')}
      <div class="row">
        {date('consentDate', 'Consent for online therapy signed')}
        {text('consentVersion', 'Consent form version')}
      </div>
      {date('agreementDate', 'Group agreement signed')}
      {text('remarks', 'Remarks', undefined, true)}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <button type="submit" class="primary">
          Save
        </button>
        {onDone && (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
