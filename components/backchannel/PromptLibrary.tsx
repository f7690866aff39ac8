import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { BUILT_IN_PROMPTS, THEME_LABELS, fill, promptsFor, type PromptTheme } from '../../domain/prompts';
import type { Member } from '../../domain/types';

/** Phrasings to say aloud, by theme; a member's name fills in where it fits. */
export function PromptLibrary({ members }: { members: Member[] }): JSX.Element {
  const [theme, setTheme] = useState<PromptTheme>('here-and-now');
  const [who, setWho] = useState('');
  const name = members.find((m) => m.id === who)?.name ?? null;
  return (
    <section class="card" aria-labelledby="prompts-title">
      <h2 id="prompts-title">Prompts to say aloud</h2>
      <div class="row">
        <div class="field">
          <label for="prompt-theme">Theme</label>
          <select id="prompt-theme" value={theme} onChange={(e) => setTheme(e.currentTarget.value as PromptTheme)}>
            {(Object.keys(THEME_LABELS) as PromptTheme[]).map((t) => (
              <option key={t} value={t}>
                {THEME_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        {members.length > 0 && (
          <div class="field">
            <label for="prompt-member">For</label>
            <select id="prompt-member" value={who} onChange={(e) => setWho(e.currentTarget.value)}>
              <option value="">Anyone</option>
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <ul class="plain prompts">
        {promptsFor(theme, BUILT_IN_PROMPTS).map((p) => (
          <li key={p.id}>“{fill(p.text, name)}”</li>
        ))}
      </ul>
    </section>
  );
}
