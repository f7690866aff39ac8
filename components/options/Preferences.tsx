import type { JSX } from 'preact';
import { Card } from '../common/Card';
import { Checkbox } from '../common/Checkbox';
import { Fieldset, ManagedBy } from './Managed';
import { NumberSetting } from './NumberSetting';

export interface PreferenceValues {
  autoLockMinutes: number;
  markBackSeconds: number;
  lateGraceSeconds: number;
  screenShareGuard: boolean;
  presenceAid: boolean;
  signalSound: boolean;
  autoLockMaxMinutes: number;
}

interface Props {
  values: PreferenceValues;
  locked: ReadonlySet<string>;
  clinic: string;
  save: <K extends keyof PreferenceValues>(key: K, value: PreferenceValues[K]) => Promise<void>;
}

/** The user's own choices; what the clinic locked shows as managed and cannot be changed. */
export function Preferences({ values, locked, clinic, save }: Props): JSX.Element {
  const lockNote = (k: string) => locked.has(k) && <ManagedBy clinic={clinic} keyName={k} />;
  const maxLock = values.autoLockMaxMinutes > 0 ? values.autoLockMaxMinutes : 240;
  return (
    <Card title="Preferences" titleId="prefs-title">
      <Fieldset disabled={locked.has('autoLockMinutes')}>
        <NumberSetting
          id="autolock"
          label="Lock after this many idle minutes"
          unit="minutes"
          min={1}
          max={maxLock}
          value={Math.max(1, Math.round(values.autoLockMinutes))}
          help={
            values.autoLockMaxMinutes > 0
              ? `Your clinic allows at most ${values.autoLockMaxMinutes}.`
              : 'Squircle also locks when the browser closes.'
          }
          save={(n) => save('autoLockMinutes', n)}
        />
        {lockNote('autoLockMinutes')}
      </Fieldset>
      <NumberSetting
        id="markback"
        label="“Mark a moment ago” goes back this many seconds"
        unit="seconds"
        min={1}
        max={300}
        value={values.markBackSeconds}
        save={(n) => save('markBackSeconds', n)}
      />
      <NumberSetting
        id="lategrace"
        label="Count someone as late after this many seconds of the session"
        unit="seconds"
        min={0}
        max={3600}
        value={values.lateGraceSeconds}
        save={(n) => save('lateGraceSeconds', n)}
      />
      {(
        [
          ['screenShareGuard', 'Hide the panel while I share my screen'],
          ['presenceAid', 'A gentle word when I have typed in the panel for a while during a session'],
          ['signalSound', 'A soft sound with my co-leader’s signals'],
        ] as const
      ).map(([key, label]) => (
        <div key={key}>
          <Checkbox
            id={`setting-${key}`}
            label={label}
            data-setting={key}
            checked={values[key]}
            disabled={locked.has(key)}
            onChange={(e) => void save(key, e.currentTarget.checked)}
          />
          {lockNote(key)}
        </div>
      ))}
    </Card>
  );
}
