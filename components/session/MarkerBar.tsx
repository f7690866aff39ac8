import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { FAMILIES, pickable, type Category } from '../../domain/categories';
import type { CustomCategory, Member } from '../../domain/types';
import { saveFailure } from '../useAutosave';
import { Button } from '../common/Button';
import { sentenceEnd } from './sentence';
import type { NewMarker } from './api';
import { t } from '../../util/i18n';

interface Props {
  members: Member[];
  custom: CustomCategory[];
  backSeconds: number;
  /** A rejection is shown: a mark that was not stored must not vanish silently. */
  onMark: (m: NewMarker) => Promise<unknown> | void;
  /** The session's name, clock and controls: they stay in view with the Mark buttons while the rest scrolls. */
  head?: ComponentChildren;
}

export const NOT_MARKED_DISK_FULL = 'Not marked: the disk is full. Free some space and mark again.';
export const NOT_MARKED = 'Not marked: the browser could not store it. Mark again.';

/**
 * One click records a moment; a family opens its categories; a member chip
 * ties the next mark to that member. Nothing here asks for typing.
 */
export function MarkerBar({ members, custom, backSeconds, onMark, head }: Props): JSX.Element {
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
  const sticky = useRef<HTMLDivElement>(null);
  // The page keeps what gets the focus or is scrolled to below the header that stays in view
  // (theme.css reads --session-head for scroll-padding), so nothing focused hides behind it.
  useEffect(() => {
    const el = sticky.current;
    const root = document.documentElement;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => root.style.setProperty('--session-head', `${el.offsetHeight}px`));
    ro.observe(el);
    return () => {
      ro.disconnect();
      root.style.removeProperty('--session-head');
    };
  }, []);
  const families = FAMILIES.filter((f) => cats.some((c) => c.family === f.id && f.id !== 'general'));
  return (
    <section class="markerbar" aria-label={t('markers.markAMoment')}>
      <div class="session-sticky" ref={sticky}>
        {head}
        <div class="row mark-row">
          <Button variant="primary" big onClick={() => mark('general.mark')} aria-keyshortcuts="Alt+Shift+M">
            {t('markers.mark')}
          </Button>
          <Button onClick={() => mark('general.mark', backSeconds * 1000)}>
            {t('markers.secondsAgo', { seconds: backSeconds })}
          </Button>
        </div>
        {failed && (
          <p class="error" role="alert">
            {failed}
          </p>
        )}
        {memberId && (
          <p class="quiet">
            {sentenceEnd(
              t('markers.nextFor', { name: members.find((m) => m.id === memberId)?.name ?? t('markers.aMember') }),
            )}
          </p>
        )}
      </div>
      <div class="card markerbar-chips">
        <div class="chips" role="group" aria-label={t('markers.family')}>
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
          <div class="chips" role="group" aria-label={t('markers.forMember')}>
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
      </div>
    </section>
  );
}

function CategoryMenu({ cats, onPick }: { cats: Category[]; onPick: (c: Category) => void }): JSX.Element {
  return (
    <div class="chips category-menu" role="group" aria-label={t('common.category')}>
      {cats.map((c) => (
        <button type="button" key={c.code} class="chip cat" data-code={c.code} onClick={() => onPick(c)}>
          {c.label}
        </button>
      ))}
    </div>
  );
}
