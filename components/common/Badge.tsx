import type { ComponentChildren, JSX } from 'preact';

export type Tone = 'neutral' | 'danger' | 'warning' | 'success';

/**
 * A short status inside a line of text (beside a name, a date): tinted words on a tinted ground, never a
 * bordered block, so that it cannot cross out the words around it.
 */
export function Badge({
  tone = 'neutral',
  class: extra,
  children,
  ...rest
}: { tone?: Tone; class?: string; children: ComponentChildren } & Omit<
  JSX.HTMLAttributes<HTMLSpanElement>,
  'class' | 'className'
>): JSX.Element {
  return (
    <span {...rest} class={`badge badge-${tone}${extra ? ` ${extra}` : ''}`}>
      {children}
    </span>
  );
}

/** A block that asks for attention (a warning, a refusal): a tinted box with a coloured edge. */
export function Notice({
  tone = 'warning',
  class: extra,
  children,
  ...rest
}: { tone?: Exclude<Tone, 'neutral'>; class?: string; children: ComponentChildren } & Omit<
  JSX.HTMLAttributes<HTMLDivElement>,
  'class' | 'className'
>): JSX.Element {
  return (
    <div {...rest} class={`notice notice-${tone}${extra ? ` ${extra}` : ''}`}>
      {children}
    </div>
  );
}
