import type { JSX, Ref } from 'preact';

export type ButtonVariant = 'primary' | 'secondary' | 'destructive' | 'ghost' | 'link';

type Props = Omit<JSX.ButtonHTMLAttributes<HTMLButtonElement>, 'class' | 'className'> & {
  /** secondary (the default): most actions; primary: the one action a screen is for; destructive: deletes or ends. */
  variant?: ButtonVariant;
  /** The larger size, for the action a person reaches for in a hurry (Mark, Start session). */
  big?: boolean;
  class?: string;
  buttonRef?: Ref<HTMLButtonElement>;
};

const VARIANT_CLASS: Record<ButtonVariant, string> = {
  primary: 'primary',
  secondary: '',
  destructive: 'danger',
  ghost: 'ghost',
  link: 'link',
};

/** A button of the panel: type="button" unless told otherwise, so no button submits a form by accident. */
export function Button({
  variant = 'secondary',
  big,
  class: extra,
  buttonRef,
  type = 'button',
  ...rest
}: Props): JSX.Element {
  const cls = [VARIANT_CLASS[variant], big ? 'big' : '', extra ?? ''].filter(Boolean).join(' ');
  return <button {...rest} type={type} class={cls || undefined} ref={buttonRef} />;
}
