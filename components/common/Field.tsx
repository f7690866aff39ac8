import type { ComponentChildren, JSX, Ref } from 'preact';

interface Frame {
  id: string;
  label: ComponentChildren;
  /** Quiet words under the control, read with it by screen readers. */
  hint?: ComponentChildren;
  /** What is wrong with the value, under the control; marks it invalid. */
  error?: ComponentChildren;
  /** Keeps the label for screen readers only, where what stands next to the control already says what it is for. */
  hideLabel?: boolean;
  /** Classes for the field's box (e.g. grow). */
  class?: string;
}

type Omitted = 'id' | 'class' | 'className' | 'label' | 'ref';
type InputProps = Frame & { as?: 'input'; inputRef?: Ref<HTMLInputElement> } & Omit<
    JSX.InputHTMLAttributes<HTMLInputElement>,
    Omitted
  >;
type TextareaProps = Frame & { as: 'textarea'; inputRef?: Ref<HTMLTextAreaElement> } & Omit<
    JSX.TextareaHTMLAttributes<HTMLTextAreaElement>,
    Omitted
  >;
type SelectProps = Frame & { as: 'select'; inputRef?: Ref<HTMLSelectElement> } & Omit<
    JSX.SelectHTMLAttributes<HTMLSelectElement>,
    Omitted
  >;
export type FieldProps = InputProps | TextareaProps | SelectProps;

/** The ids of the hint and error under a field, for tests and for aria-describedby elsewhere. */
export const hintId = (id: string): string => `${id}-hint`;
export const errorId = (id: string): string => `${id}-error`;

/**
 * A labelled input, textarea or select with its hint and error under it. Every control has
 * autocomplete="off": nothing typed here may be remembered or offered by the browser. Spellcheck stays the
 * browser's default unless the caller turns it off (passphrases, keys, codes, the scratch note).
 */
export function Field(p: FieldProps): JSX.Element {
  const { id, hint, error } = p;
  const describedBy =
    [
      hint ? hintId(id) : '',
      error ? errorId(id) : '',
      typeof p['aria-describedby'] === 'string' ? p['aria-describedby'] : '',
    ]
      .filter(Boolean)
      .join(' ') || undefined;
  const shared = {
    id,
    autocomplete: 'off',
    'aria-describedby': describedBy,
    'aria-invalid': error ? true : p['aria-invalid'],
  } as const;
  let control: JSX.Element;
  if (p.as === 'textarea') {
    const { as: _as, label: _l, hint: _h, error: _e, hideLabel: _hl, class: _c, inputRef, ...rest } = p;
    control = <textarea {...rest} {...shared} ref={inputRef} />;
  } else if (p.as === 'select') {
    const { as: _as, label: _l, hint: _h, error: _e, hideLabel: _hl, class: _c, inputRef, ...rest } = p;
    control = <select {...rest} {...shared} ref={inputRef} />;
  } else {
    const { as: _as, label: _l, hint: _h, error: _e, hideLabel: _hl, class: _c, inputRef, ...rest } = p;
    control = <input {...rest} {...shared} ref={inputRef} />;
  }
  return (
    <div class={p.class ? `field ${p.class}` : 'field'}>
      <label for={id} class={p.hideLabel ? 'sr-only' : undefined}>
        {p.label}
      </label>
      {control}
      {hint && (
        <p class="hint" id={hintId(id)}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={errorId(id)} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
