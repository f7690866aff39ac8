import type { ComponentChildren, JSX, Ref } from 'preact';
import { useId } from 'preact/hooks';

type Props = Omit<
  JSX.InputHTMLAttributes<HTMLInputElement>,
  'type' | 'class' | 'className' | 'label' | 'ref' | 'role'
> & {
  label: ComponentChildren;
  /** Quiet words under the label, read with the control. */
  hint?: ComponentChildren;
  /** checkbox (the default); radio, one of a named set; switch, a setting that acts at once. */
  kind?: 'checkbox' | 'radio' | 'switch';
  class?: string;
  inputRef?: Ref<HTMLInputElement>;
};

/**
 * A checkbox, radio or switch with its label beside it, the whole line clickable. The control keeps its
 * natural size (never stretched to the width of the line).
 */
export function Checkbox({ label, hint, kind = 'checkbox', class: extra, inputRef, ...rest }: Props): JSX.Element {
  const auto = useId();
  const id = typeof rest.id === 'string' ? rest.id : `check-${auto}`;
  const hid = `${id}-hint`;
  const described =
    [hint ? hid : '', typeof rest['aria-describedby'] === 'string' ? rest['aria-describedby'] : '']
      .filter(Boolean)
      .join(' ') || undefined;
  const cls = ['check', kind === 'switch' ? 'switch' : '', extra ?? ''].filter(Boolean).join(' ');
  return (
    <div class={cls}>
      <input
        {...rest}
        id={id}
        ref={inputRef}
        type={kind === 'radio' ? 'radio' : 'checkbox'}
        role={kind === 'switch' ? 'switch' : undefined}
        aria-describedby={described}
      />
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={hid}>
          {hint}
        </p>
      )}
    </div>
  );
}
