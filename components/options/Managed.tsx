import type { ComponentChildren, JSX } from 'preact';
import { t } from '../../util/i18n';

/** "Managed by <clinic>" beside a setting the clinic locked. */
export function ManagedBy({ clinic, keyName }: { clinic: string; keyName: string }): JSX.Element {
  return (
    <span class="hint managed" data-locked={keyName}>
      {t('options.lockedBy', { clinic: clinic || t('options.yourClinic') })}
    </span>
  );
}

/** What the clinic's policy set that could not be used, and why; the safe default applies instead. */
export function IgnoredPolicy({
  ignored,
}: {
  ignored: { key: string; source: string; reason: string }[];
}): JSX.Element | null {
  const managed = ignored.filter((i) => i.source === 'managed');
  if (!managed.length) return null;
  return (
    <section class="card warning" aria-labelledby="ignored-title" role="alert">
      <h2 id="ignored-title">{t('options.ignoredTitle')}</h2>
      <p class="quiet">{t('options.ignoredText')}</p>
      <ul class="plain" data-ignored-list>
        {managed.map((i) => (
          <li key={i.key} data-ignored={i.key}>
            <code>{i.key}</code>: {i.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Fieldset({ disabled, children }: { disabled: boolean; children: ComponentChildren }): JSX.Element {
  return (
    <fieldset class="plain-fieldset" disabled={disabled}>
      {children}
    </fieldset>
  );
}
