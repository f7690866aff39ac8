import type { ComponentChildren, JSX } from 'preact';
import { useId } from 'preact/hooks';

type Props = Omit<JSX.HTMLAttributes<HTMLElement>, 'class' | 'className' | 'title'> & {
  /** The card's heading; it also names the card's region for screen readers. */
  title?: ComponentChildren;
  /** The heading's id, where something else points at it. */
  titleId?: string;
  /** h2 (the default) for a view's cards, h3 for cards inside a card. */
  level?: 2 | 3;
  /** A tone for a card that carries a warning: its border says so, never its text alone. */
  tone?: 'danger' | 'warning';
  class?: string;
  children?: ComponentChildren;
};

/** A block of one topic on the panel's surface colour. */
export function Card({ title, titleId, level = 2, tone, class: extra, children, ...rest }: Props): JSX.Element {
  const auto = useId();
  const hid = titleId ?? `card-${auto}`;
  const Heading = level === 3 ? 'h3' : 'h2';
  const cls = ['card', tone ? `card-${tone}` : '', extra ?? ''].filter(Boolean).join(' ');
  return (
    <section {...rest} class={cls} aria-labelledby={title ? hid : rest['aria-labelledby']}>
      {title && <Heading id={hid}>{title}</Heading>}
      {children}
    </section>
  );
}
