import type { JSX } from 'preact';
import { Field } from '../common/Field';
import { useEffect, useState } from 'preact/hooks';
import { MODE_LABELS, type BackchannelMode } from '../../domain/modes';
import type { BackchannelApi } from './api';
import { t } from '../../util/i18n';
import { shownError } from '../../util/user-error';

/** What a mode does, under the select, whose options name the modes only (so that they fit a narrow panel). */
function explain(mode: BackchannelMode): string {
  const what = MODE_LABELS[mode].split(': ').slice(1).join(': ');
  return what ? `${what.charAt(0).toUpperCase()}${what.slice(1)}.` : '';
}

/** The group's back-channel mode; only the modes the clinic's floor allows are offered. */
export function ModePicker({ groupId, backchannel: b }: { groupId: string; backchannel: BackchannelApi }): JSX.Element {
  const [mode, setMode] = useState<BackchannelMode | undefined>();
  const [error, setError] = useState('');
  useEffect(() => void b.mode(groupId).then(setMode), [groupId]);
  const id = `mode-${groupId}`;
  return (
    <Field
      as="select"
      id={id}
      label={t('backchannel.modeDuringSessions')}
      hint={mode ? explain(mode) : undefined}
      error={error}
      data-mode-picker
      value={mode ?? ''}
      onChange={async (e) => {
        const next = e.currentTarget.value as BackchannelMode;
        setError('');
        try {
          await b.setMode(groupId, next);
          setMode(next);
        } catch (err) {
          setError(shownError(err));
        }
      }}
    >
      {b.choices().map((m) => (
        <option key={m} value={m}>
          {MODE_LABELS[m].split(':')[0]}
        </option>
      ))}
    </Field>
  );
}
