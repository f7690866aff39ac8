import type { JSX } from 'preact';
import type { NoteTemplate } from '../../domain/templates';

/** A textarea grows with its text, up to a dozen lines. */
const rowsFor = (text: string) => Math.min(12, Math.max(3, text.split('\n').length + 1));

/**
 * A note's fields under its template's labels, as plain text areas that
 * never autocomplete or spell-check (clinical text stays on this device).
 */
export function TemplateFields({
  idPrefix,
  template,
  fields,
  onChange,
  withHelp = true,
}: {
  idPrefix: string;
  template: NoteTemplate;
  fields: Record<string, string>;
  onChange: (fieldId: string, text: string) => void;
  /** Show each field's hint under it. */
  withHelp?: boolean;
}): JSX.Element {
  return (
    <>
      {template.fields.map((f) => {
        const id = `${idPrefix}-${f.id}`;
        return (
          <div class="field" key={f.id}>
            <label for={id}>{f.label}</label>
            <textarea
              id={id}
              rows={rowsFor(fields[f.id] ?? '')}
              autocomplete="off"
              spellcheck={false}
              aria-describedby={withHelp && f.help ? `${id}-help` : undefined}
              value={fields[f.id] ?? ''}
              onInput={(e) => onChange(f.id, e.currentTarget.value)}
            />
            {withHelp && f.help && (
              <p class="hint" id={`${id}-help`}>
                {f.help}
              </p>
            )}
          </div>
        );
      })}
    </>
  );
}
