import { Component, type ComponentChildren, type JSX } from 'preact';
import { Button } from '../common/Button';
import { useCallback, useMemo, useRef, useState } from 'preact/hooks';
import { Field } from '../common/Field';
import { MemberSelect } from '../common/MemberSelect';
import { useFocusOnMount } from '../common/useFocusOnMount';
import { categoryLabel, familyOf, pickable } from '../../domain/categories';
import { formatClock } from '../../domain/clock';
import type { CustomCategory, Marker, Member } from '../../domain/types';
import { saveFailure } from '../useAutosave';
import { t } from '../../util/i18n';

interface Props {
  markers: Marker[];
  members: Member[];
  custom: CustomCategory[];
  /** A rejection keeps the editor open with the text, and says why. */
  onUpdate: (m: Marker) => Promise<unknown> | void;
  onRemove: (m: Marker) => void;
  onRestore: (m: Marker) => void;
  /** This device's author id: markers by anyone else are the co-leader's. */
  me?: string;
  /** Open this marker's editor (a shortcut asked for a category or member). */
  open?: { id: string; focus: 'text' | 'category' | 'member' } | null;
  onOpened?: () => void;
}

/**
 * Rows listed until the leader asks for all: each new marker goes on top
 * and moves every row below it, so the page's layout and paint per marker
 * grow with the list. The count, the timeline and History always have them
 * all.
 */
export const LATEST_SHOWN = 100;

/** The session's markers, newest first, each editable; delete can be undone. */
export function MarkerList(p: Props): JSX.Element {
  const [editing, setEditing] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);
  const [removed, setRemoved] = useState<Marker | null>(null);
  const [failed, setFailed] = useState<{ id: string; message: string } | null>(null);
  const names = useMemo(() => new Map(p.members.map((m) => [m.id, m.name])), [p.members]);
  // A new array only when a marker changed; unchanged markers keep their objects, so their rows skip rendering.
  const live = useMemo(() => p.markers.filter((m) => !m.deleted).sort((a, b) => b.at - a.at), [p.markers]);
  // The row holding the keyboard focus, if any.
  const [focused, setFocused] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const open = editing ?? p.open?.id ?? null;
  const focus = editing ? 'text' : (p.open?.focus ?? 'text');
  // An older marker asked to open (a shortcut) is listed too, below the
  // latest, and so is the row that has the focus when new markers push it
  // past them: taking the row away would drop a keyboard user's focus to the
  // page.
  const shown = useMemo(() => {
    if (showAll || live.length <= LATEST_SHOWN) return live;
    const latest = live.slice(0, LATEST_SHOWN);
    const older = live.slice(LATEST_SHOWN).filter((m) => m.id === open || m.id === focused);
    return older.length ? [...latest, ...older] : latest;
  }, [live, showAll, open, focused]);
  // Rows get one toggle that never changes; it reads the latest state here.
  const latest = useRef({ open, onOpened: p.onOpened });
  latest.current = { open, onOpened: p.onOpened };
  const toggle = useCallback((id: string) => {
    setEditing(latest.current.open === id ? null : id);
    latest.current.onOpened?.();
  }, []);
  return (
    <section class="card" aria-labelledby="markers-title">
      <h2 id="markers-title">{t('markers.title', { count: live.length })}</h2>
      {removed && (
        <p class="toast" role="status">
          {t('markers.deleted')}{' '}
          <Button
            onClick={() => {
              p.onRestore(removed);
              setRemoved(null);
            }}
          >
            {t('common.undo')}
          </Button>
        </p>
      )}
      {live.length === 0 && <p class="quiet">{t('markers.none')}</p>}
      <ul
        class="markers"
        ref={listRef}
        onFocusIn={(e) =>
          setFocused((e.target as Element).closest<HTMLElement>('li[data-marker-id]')?.dataset.markerId ?? null)
        }
        onFocusOut={() => {
          // Read where the focus went once it has moved. When the leader goes
          // to the call window to mark from there, the panel's focus stays on
          // the row (it is where they come back to), and so does the row.
          setTimeout(() => {
            const list = listRef.current;
            if (list && !list.contains(list.ownerDocument.activeElement)) setFocused(null);
          }, 0);
        }}
      >
        {shown.map((m) => (
          <MarkerRow
            key={m.id}
            marker={m}
            names={names}
            custom={p.custom}
            me={p.me}
            isOpen={open === m.id}
            onToggle={toggle}
          >
            {open === m.id && (
              <MarkerEditor
                marker={m}
                members={p.members}
                custom={p.custom}
                focus={focus}
                onSave={(next) => {
                  const close = () => {
                    setFailed(null);
                    setEditing(null);
                    p.onOpened?.();
                  };
                  const done = p.onUpdate(next);
                  if (!done) return close();
                  setEditing(m.id);
                  done.then(close, async (e: unknown) =>
                    setFailed({
                      id: m.id,
                      message:
                        (await saveFailure(e)) === 'full'
                          ? t('errorText.markerEditFull')
                          : t('errorText.markerEditFailed'),
                    }),
                  );
                }}
                onDelete={() => {
                  p.onRemove(m);
                  setRemoved(m);
                  setEditing(null);
                  p.onOpened?.();
                }}
              />
            )}
            {failed?.id === m.id && open === m.id && (
              <p class="error" role="alert">
                {failed.message}
              </p>
            )}
          </MarkerRow>
        ))}
      </ul>
      {live.length > LATEST_SHOWN && (
        <p class="row">
          <span class="quiet">
            {shown.length === live.length
              ? t('markers.allListed', { count: live.length })
              : shown.length > LATEST_SHOWN
                ? t('markers.latestListedAndYours', { shown: LATEST_SHOWN, count: live.length })
                : t('markers.latestListed', { shown: LATEST_SHOWN, count: live.length })}
          </span>{' '}
          <Button
            variant="link"
            class="show-all"
            aria-pressed={shown.length === live.length}
            onClick={() => setShowAll(shown.length < live.length)}
          >
            {t('markers.showAll')}
          </Button>
        </p>
      )}
    </section>
  );
}

interface RowProps {
  marker: Marker;
  names: Map<string, string>;
  custom: CustomCategory[];
  me: string | undefined;
  isOpen: boolean;
  onToggle: (id: string) => void;
  /** The editor, when this row is open. */
  children?: ComponentChildren;
}

/**
 * One marker's line. Renders again only when its marker, the names, the
 * categories or its open state changed (an open row always does, for its
 * editor), so a new marker costs one row, not the whole list.
 */
class MarkerRow extends Component<RowProps> {
  override shouldComponentUpdate(n: RowProps): boolean {
    const c = this.props;
    return (
      n.isOpen ||
      c.isOpen ||
      n.marker !== c.marker ||
      n.names !== c.names ||
      n.custom !== c.custom ||
      n.me !== c.me ||
      n.onToggle !== c.onToggle
    );
  }

  override render(): JSX.Element {
    const { marker: m, names, custom, me, isOpen, onToggle, children } = this.props;
    return (
      <li data-marker-id={m.id} class={m.auto ? 'auto' : ''}>
        <span class="dot" style={{ background: familyOf(m.category).color }} aria-hidden="true" />
        <Button variant="link" onClick={() => onToggle(m.id)} aria-expanded={isOpen}>
          <span class="time">{formatClock(m.at)}</span> {categoryLabel(m.category, custom)}
          {m.memberId && <span class="who"> · {names.get(m.memberId) ?? t('markers.member')}</span>}
          {m.auto && <span class="quiet"> · {t('markers.automatic')}</span>}
          {me && m.author && m.author !== me && <span class="quiet by-coleader"> · {t('markers.byColeader')}</span>}
          {m.text && <span class="text"> · {m.text}</span>}
        </Button>
        {children}
      </li>
    );
  }
}

interface EditorProps {
  marker: Marker;
  focus: 'text' | 'category' | 'member';
  members: Member[];
  custom: CustomCategory[];
  onSave: (m: Marker) => void;
  onDelete: () => void;
}

function MarkerEditor({ marker, members, custom, focus, onSave, onDelete }: EditorProps): JSX.Element {
  const [text, setText] = useState(marker.text);
  const [category, setCategory] = useState(marker.category);
  const [memberId, setMemberId] = useState(marker.memberId ?? '');
  const id = `edit-${marker.id}`;
  const catRef = useFocusOnMount<HTMLSelectElement>(focus === 'category');
  const memberRef = useFocusOnMount<HTMLSelectElement>(focus === 'member');
  const textRef = useFocusOnMount<HTMLInputElement>(focus === 'text');
  return (
    <form
      class="editor"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ ...marker, text: text.trim(), category, memberId: memberId || null });
      }}
    >
      <Field
        as="select"
        id={`${id}-cat`}
        label={t('common.category')}
        inputRef={catRef}
        value={category}
        onChange={(e) => setCategory(e.currentTarget.value)}
      >
        {[
          ...pickable(custom),
          ...(marker.auto ? [{ code: marker.category, label: categoryLabel(marker.category) }] : []),
        ].map((c) => (
          <option key={c.code} value={c.code}>
            {c.label}
          </option>
        ))}
      </Field>
      <MemberSelect
        id={`${id}-member`}
        label={t('common.member')}
        members={members}
        value={memberId}
        none={t('markers.wholeGroup')}
        onChange={setMemberId}
        selectRef={memberRef}
      />
      <Field
        id={`${id}-text`}
        label={t('markers.shortNote')}
        maxLength={280}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        inputRef={textRef}
      />
      <div class="row">
        <Button type="submit" variant="primary">
          {t('common.save')}
        </Button>
        <Button variant="destructive" onClick={onDelete}>
          {t('common.delete')}
        </Button>
      </div>
    </form>
  );
}
