import type { JSX } from 'preact';
import { Card } from '../common/Card';
import { Checkbox } from '../common/Checkbox';
import { Field } from '../common/Field';
import { Fieldset, ManagedBy } from './Managed';
import { NumberSetting } from './NumberSetting';
import { LANGUAGE_NAMES, LANGUAGES, t, type LanguageChoice } from '../../util/i18n';

export interface PreferenceValues {
  autoLockMinutes: number;
  markBackSeconds: number;
  lateGraceSeconds: number;
  screenShareGuard: boolean;
  presenceAid: boolean;
  signalSound: boolean;
  autoLockMaxMinutes: number;
  language: LanguageChoice;
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
    <Card title={t('options.preferences')} titleId="prefs-title">
      <Fieldset disabled={locked.has('language')}>
        <Field
          as="select"
          id="language"
          label={t('options.language')}
          hint={t('options.languageHint')}
          data-setting="language"
          value={values.language}
          onChange={(e) => void save('language', e.currentTarget.value as LanguageChoice)}
        >
          <option value="auto">{t('options.languageAuto')}</option>
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </Field>
        {lockNote('language')}
      </Fieldset>
      <Fieldset disabled={locked.has('autoLockMinutes')}>
        <NumberSetting
          id="autolock"
          label={t('options.autoLock')}
          unit={t('options.minutes')}
          min={1}
          max={maxLock}
          value={Math.max(1, Math.round(values.autoLockMinutes))}
          help={
            values.autoLockMaxMinutes > 0
              ? t('options.clinicAllowsAtMost', { max: values.autoLockMaxMinutes })
              : t('options.alsoLocksOnClose')
          }
          save={(n) => save('autoLockMinutes', n)}
        />
        {lockNote('autoLockMinutes')}
      </Fieldset>
      <NumberSetting
        id="markback"
        label={t('options.markBack')}
        unit={t('options.seconds')}
        min={1}
        max={300}
        value={values.markBackSeconds}
        save={(n) => save('markBackSeconds', n)}
      />
      <NumberSetting
        id="lategrace"
        label={t('options.lateGrace')}
        unit={t('options.seconds')}
        min={0}
        max={3600}
        value={values.lateGraceSeconds}
        save={(n) => save('lateGraceSeconds', n)}
      />
      {(
        [
          ['screenShareGuard', t('options.screenShareGuard')],
          ['presenceAid', t('options.presenceAid')],
          ['signalSound', t('options.signalSound')],
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
