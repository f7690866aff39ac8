import type { JSX } from 'preact';
import { useState } from 'preact/hooks';

interface Props {
  minutes: number;
  save: (minutes: number) => Promise<void>;
}

/** Minutes without any input before the vault locks itself. */
export function AutoLockSetting({ minutes, save }: Props): JSX.Element {
  const [value, setValue] = useState(String(minutes));
  const [saved, setSaved] = useState(false);
  const n = Number(value);
  const valid = Number.isInteger(n) && n >= 1 && n <= 240;
  return (
    <form
      class="card"
      aria-labelledby="autolock-title"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!valid) return;
        await save(n);
        setSaved(true);
      }}
    >
      <h2 id="autolock-title">Auto-lock</h2>
      <div class="row">
        <div class="field">
          <label for="autolock">Lock after this many idle minutes</label>
          <input
            id="autolock"
            type="number"
            min={1}
            max={240}
            step={1}
            value={value}
            aria-invalid={!valid || undefined}
            onInput={(e) => {
              setValue(e.currentTarget.value);
              setSaved(false);
            }}
          />
        </div>
        <button type="submit" disabled={!valid}>
          Save
        </button>
      </div>
      {!valid && <p class="error">Choose a whole number of minutes from 1 to 240.</p>}
      {saved && <p class="quiet" role="status">Saved.</p>}
      <p class="quiet">Squircle also locks when the browser closes.</p>
    </form>
  );
}
