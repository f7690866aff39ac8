import type { ComponentChildren, JSX } from 'preact';
import { useRef } from 'preact/hooks';
import { t as tr } from '../../util/i18n';

export interface TabItem<T extends string> {
  id: T;
  /** The name, always in the button's text (screen readers, tests); shown beside the icon where there is room. */
  label: string;
  icon?: ComponentChildren;
  /** A keyboard shortcut, told in the button's title and aria-keyshortcuts. */
  shortcut?: string;
}

interface Props<T extends string> {
  items: readonly TabItem<T>[];
  value: T;
  onChange: (id: T) => void;
  /** The accessible name of the row (e.g. "Panel", "Session views"). */
  label: string;
  /**
   * tabs: a tablist whose panels show in place (arrow keys move between tabs);
   * nav: navigation between views (each a plain button, the current one marked as the page).
   */
  mode?: 'tabs' | 'nav';
  /** The id of the panel the tabs control, for aria-controls. */
  panelId?: string;
  /** The id of each tab is `${idPrefix}-${item.id}`, for the panel's aria-labelledby. */
  idPrefix?: string;
  class?: string;
  /** Extra buttons at the end of a nav row (e.g. settings). */
  children?: ComponentChildren;
}

/**
 * One row of tabs that never wraps: each tab is an icon and its name; in a narrow panel only the chosen tab
 * shows its name beside its icon (the others keep theirs for screen readers and in a tooltip).
 */
export function Tabs<T extends string>({
  items,
  value,
  onChange,
  label,
  mode = 'tabs',
  panelId,
  idPrefix,
  class: extra,
  children,
}: Props<T>): JSX.Element {
  const row = useRef<HTMLDivElement>(null);
  const tabs = mode === 'tabs';
  const onKeyDown = (e: KeyboardEvent) => {
    if (!tabs) return;
    const i = items.findIndex((t) => t.id === value);
    const next =
      e.key === 'ArrowRight'
        ? (i + 1) % items.length
        : e.key === 'ArrowLeft'
          ? (i - 1 + items.length) % items.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? items.length - 1
              : -1;
    const item = next >= 0 ? items[next] : undefined;
    if (!item) return;
    e.preventDefault();
    onChange(item.id);
    row.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[next]?.focus();
  };
  const buttons = items.map((t) => {
    const chosen = t.id === value;
    return (
      <button
        key={t.id}
        type="button"
        id={idPrefix ? `${idPrefix}-${t.id}` : undefined}
        class={chosen ? 'tab chosen' : 'tab'}
        role={tabs ? 'tab' : undefined}
        aria-selected={tabs ? chosen : undefined}
        aria-controls={tabs ? panelId : undefined}
        aria-current={!tabs && chosen ? 'page' : undefined}
        aria-keyshortcuts={t.shortcut}
        tabindex={tabs && !chosen ? -1 : undefined}
        title={t.shortcut ? tr('common.withKey', { label: t.label, key: t.shortcut }) : t.label}
        onClick={() => onChange(t.id)}
      >
        {t.icon && (
          <span class="tab-icon" aria-hidden="true">
            {t.icon}
          </span>
        )}
        <span class="tab-label">{t.label}</span>
      </button>
    );
  });
  const cls = ['tabs', tabs ? 'tabs-tabs' : 'tabs-nav', extra ?? ''].filter(Boolean).join(' ');
  if (tabs)
    return (
      <div class={cls} role="tablist" aria-label={label} ref={row} onKeyDown={onKeyDown}>
        {buttons}
      </div>
    );
  return (
    <nav class={cls} aria-label={label}>
      {buttons}
      {children}
    </nav>
  );
}
