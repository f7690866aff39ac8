import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { Message } from '../common/Message';
import { useState } from 'preact/hooks';
import type { MemberSafety } from '../../domain/safety';
import { dateToMs, msToDate } from './dates';
import { Button } from '../common/Button';
import { Field } from '../common/Field';
import { shownError } from '../../util/user-error';

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
  const text = (k: Text, label: string, hint?: string, area = false) =>
    area ? (
      <Field
        as="textarea"
        id={`${id}-${k}`}
        label={label}
        hint={hint}
        rows={2}
        value={r[k]}
        onInput={(e) => setR({ ...r, [k]: e.currentTarget.value })}
      />
    ) : (
      <Field
        id={`${id}-${k}`}
        label={label}
        hint={hint}
        value={r[k]}
        onInput={(e) => setR({ ...r, [k]: e.currentTarget.value })}
      />
    );
  const date = (k: When, label: string) => (
    <Field
      id={`${id}-${k}`}
      label={label}
      type="date"
      value={msToDate(r[k])}
      onInput={(e) => setR({ ...r, [k]: dateToMs(e.currentTarget.value) })}
    />
  );
  return (
    <form
      class="editor"
      aria-label={t('memberSafety.label', { name: memberName })}
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await onSave({ ...r, location: r.location.trim(), region: r.region.trim() });
          setError('');
          onDone?.();
        } catch (err) {
          setError(shownError(err));
        }
      }}
    >
      <h3>
        <Message id="memberSafety.title" parts={{ name: <bdi>{memberName}</bdi> }} />
      </h3>
      {text('location', t('memberSafety.location'), t('memberSafety.locationHint'), true)}
      {text('region', t('memberSafety.region'), t('memberSafety.regionHint'))}
      {text('emergencyContact', t('memberSafety.emergencyContact'), t('memberSafety.emergencyContactHint'))}
      <div class="row">
        {date('consentDate', t('memberSafety.consentDate'))}
        {text('consentVersion', t('memberSafety.consentVersion'))}
      </div>
      {date('agreementDate', t('memberSafety.agreementDate'))}
      {text('remarks', t('memberSafety.remarks'), undefined, true)}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <Button type="submit" variant="primary">
          {t('common.save')}
        </Button>
        {onDone && <Button onClick={onDone}>{t('memberSafety.cancel')}</Button>}
      </div>
    </form>
  );
}
