import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { Button } from '../common/Button';
import { t } from '../../util/i18n';

interface Props {
  id: string;
  label: string;
  unit: string;
  value: number;
  min: number;
  max: number;
  help?: string;
  save: (n: number) => Promise<void>;
}

/** One whole-number setting with its range said in words when it is off. */
export function NumberSetting({ id, label, unit, value, min, max, help, save }: Props): JSX.Element {
  const [text, setText] = useState(String(value));
  const [saved, setSaved] = useState(false);
  const n = Number(text);
  const valid = Number.isInteger(n) && n >= min && n <= max;
  return (
    <form
      class="row setting"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!valid) return;
        await save(n);
        setSaved(true);
      }}
    >
      <div class="field grow">
        <label for={id}>{label}</label>
        <input
          id={id}
          type="number"
          autocomplete="off"
          min={min}
          max={max}
          step={1}
          value={text}
          aria-invalid={!valid || undefined}
          aria-describedby={`${id}-help`}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setSaved(false);
          }}
        />
        <span id={`${id}-help`} class={valid ? 'hint' : 'error'}>
          {valid ? (saved ? t('common.saved') : (help ?? '')) : t('options.wholeNumber', { unit, min, max })}
        </span>
      </div>
      <Button type="submit" disabled={!valid}>
        {t('common.save')}
      </Button>
    </form>
  );
}
