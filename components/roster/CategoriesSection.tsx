import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { SessionApi } from '../session/api';
import { useLive } from '../useLive';

/** The user's own marker categories, offered beside the built-in ones. */
export function CategoriesSection({ api }: { api: SessionApi }): JSX.Element {
  const custom = useLive(() => api.live.categories(), []).value ?? [];
  const [label, setLabel] = useState('');
  return (
    <section class="card" aria-labelledby="cats-title">
      <h2 id="cats-title">Your marker categories</h2>
      {custom.length === 0 && <p class="quiet">None yet. They appear under “Your categories” when you mark.</p>}
      <ul class="plain">
        {custom.map((c) => (
          <li key={c.code}>{c.label}</li>
        ))}
      </ul>
      <form
        class="row"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!label.trim()) return;
          await api.roster.addCategory(label.trim());
          setLabel('');
        }}
      >
        <div class="field grow">
          <label for="new-cat">New category</label>
          <input
            id="new-cat"
            autocomplete="off"
            maxLength={60}
            value={label}
            onInput={(e) => setLabel(e.currentTarget.value)}
          />
        </div>
        <button type="submit" disabled={!label.trim()}>
          Add category
        </button>
      </form>
    </section>
  );
}
