import type { JSX } from 'preact';
import { NumberSetting } from './NumberSetting';

export interface PreferenceValues {
  autoLockMinutes: number;
  markBackSeconds: number;
  lateGraceSeconds: number;
  screenShareGuard: boolean;
}

interface Props {
  values: PreferenceValues;
  save: <K extends keyof PreferenceValues>(key: K, value: PreferenceValues[K]) => Promise<void>;
}

/** The user's own choices; a clinic's policy may later lock some of them. */
export function Preferences({ values, save }: Props): JSX.Element {
  return (
    <section class="card" aria-labelledby="prefs-title">
      <h2 id="prefs-title">Preferences</h2>
      <NumberSetting
        id="autolock"
        label="Lock after this many idle minutes"
        unit="minutes"
        min={1}
        max={240}
        value={values.autoLockMinutes}
        help="Squircle also locks when the browser closes."
        save={(n) => save('autoLockMinutes', n)}
      />
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
      <label class="row">
        <input type="checkbox" checked={values.screenShareGuard} onChange={(e) => void save('screenShareGuard', e.currentTarget.checked)} />
        Hide the panel while I share my screen
      </label>
    </section>
  );
}
