import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { useState } from 'preact/hooks';
import { Button } from '../common/Button';
import { Card } from '../common/Card';
import { Field } from '../common/Field';
import { Fieldset, ManagedBy } from './Managed';

const ITEMS = 12;

/**
 * The GCQ-S item wording, one item a line, from the leader's or the clinic's
 * licensed copy: Squircle ships the scoring, not the questionnaire's text.
 * Kept as a setting (it is the questionnaire's text, nothing about a client).
 */
export function GcqWording({
  value,
  locked,
  clinic,
  save,
}: {
  value: readonly string[];
  locked: boolean;
  clinic: string;
  save: (items: string[]) => Promise<void>;
}): JSX.Element {
  const [text, setText] = useState(value.join('\n'));
  const [state, setState] = useState<'idle' | 'saved' | 'failed'>('idle');
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const valid = lines.length === 0 || (lines.length === ITEMS && lines.every((l) => l.length <= 200));
  const problem =
    lines.length === 0 || lines.length === ITEMS
      ? lines.some((l) => l.length > 200)
        ? t('gcq.tooLong', { max: 200 })
        : ''
      : t('gcq.count', { items: ITEMS, now: lines.length });
  return (
    <Card title={t('gcq.title')} titleId="gcq-title">
      <Fieldset disabled={locked}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!valid) return;
            save(lines).then(
              () => setState('saved'),
              () => setState('failed'),
            );
          }}
        >
          <Field
            as="textarea"
            id="gcq-wording"
            label={t('gcq.label', { items: ITEMS })}
            hint={t('gcq.hint')}
            error={problem || (state === 'failed' ? t('gcq.failed') : undefined)}
            rows={ITEMS + 1}
            spellcheck={false}
            value={text}
            onInput={(e) => {
              setText(e.currentTarget.value);
              setState('idle');
            }}
          />
          <div class="row">
            <Button type="submit" disabled={!valid}>
              {t('common.save')}
            </Button>
            <span class="quiet" role="status">
              {state === 'saved' && t('common.saved')}
            </span>
          </div>
        </form>
      </Fieldset>
      {locked && <ManagedBy clinic={clinic} keyName="gcqItemWording" />}
    </Card>
  );
}
