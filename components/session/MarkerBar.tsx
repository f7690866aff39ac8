import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { FAMILIES, pickable, type Category } from '../../domain/categories';
import type { CustomCategory, Member } from '../../domain/types';
import { saveFailure } from '../useAutosave';
import type { NewMarker } from './api';

interface Props {
  members: Member[];
  custom: CustomCategory[];
  backSeconds: number;
  /** A rejection is shown: a mark that was not stored must not vanish silently. */
  onMark: (m: NewMarker) => Promise<unknown> | void;
}

export const NOT_MARKED_DISK_FULL = 'Not marked: the disk is full. Free some space and mark again.';
export const NOT_MARKED = 'Not marked: the browser could not store it. Mark again.';

/**
 * One click records a moment; a family opens its categories; a member chip
 * ties the next mark to that member. Nothing here asks for typing.
 */
export function MarkerBar({ members, custom, backSeconds, onMark }: Props): JSX.Element {
  const [family, setFamily] = useState<string | null>(null);
  const [memberId, setMemberId] = useState<string | null>(null);
  const [failed, setFailed] = useState('');
  const cats = pickable(custom);
  const mark = (category: string, backMs = 0) => {
    const done = onMark({ category, memberId, backMs });
    done?.then(
      () => setFailed(''),
      async (e: unknown) => setFailed((await saveFailure(e)) === 'full' ? NOT_MARKED_DISK_FULL : NOT_MARKED),
    );
    setFamily(null);
    setMemberId(null);
  };
  const families = FAMILIES.filter((f) => cats.some((c) => c.family === f.id && f.id !== 'general'));
  return (
    <section class="card markerbar" aria-label="Mark a moment">
      <div class="row">
        <button type="button" class="primary big" onClick={() => mark('general.mark')} aria-keyshortcuts="Alt+Shift+M">
          Mark
        </button>
        <button type="button" onClick={() => mark('general.mark', backSeconds * 1000)}>
          {backSeconds} s ago
        </button>
      </div>
      <div class="chips" role="group" aria-label="Category family">
        {families.map((f) => (
          <button
            type="button"
            key={f.id}
            class="chip"
            aria-pressed={family === f.id}
            style={{ borderColor: f.color }}
            onClick={() => setFamily(family === f.id ? null : f.id)}
          >
            {f.label}
          </button>
        ))}
      </div>
      {family && <CategoryMenu cats={cats.filter((c) => c.family === family)} onPick={(c) => mark(c.code)} />}
      {members.length > 0 && (
        <div class="chips" role="group" aria-label="For a member">
          {members.map((m) => (
            <button
              type="button"
              key={m.id}
              class="chip member"
              data-member={m.id}
              aria-pressed={memberId === m.id}
              onClick={() => setMemberId(memberId === m.id ? null : m.id)}
            >
              {m.name}
            </button>
          ))}
        </div>
      )}
      {failed && (
        <p class="error" role="alert">
          {failed}
        </p>
      )}
      {memberId && <p class="quiet">The next mark is for {members.find((m) => m.id === memberId)?.name}.</p>}
    </section>
  );
}

function CategoryMenu({ cats, onPick }: { cats: Category[]; onPick: (c: Category) => void }): JSX.Element {
  return (
    <div class="chips" role="group" aria-label="Category">
      {cats.map((c) => (
        <button type="button" key={c.code} class="chip cat" data-code={c.code} onClick={() => onPick(c)}>
          {c.label}
        </button>
      ))}
    </div>
  );
}
