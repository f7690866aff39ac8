import type { ComponentChildren, JSX } from 'preact';

/** "Managed by <clinic>" beside a setting the clinic locked. */
export function ManagedBy({ clinic, keyName }: { clinic: string; keyName: string }): JSX.Element {
  return (
    <span class="hint managed" data-locked={keyName}>
      🔒 Managed by {clinic || 'your clinic'}
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
      <h2 id="ignored-title">Some of your clinic’s settings could not be used</h2>
      <p class="quiet">Squircle uses its safe default for each of these. Please tell your clinic’s IT contact.</p>
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
