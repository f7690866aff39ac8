import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { useState } from 'preact/hooks';
import type { SessionApi } from '../session/api';
import { useLive } from '../useLive';
import { Button } from '../common/Button';
import { Card } from '../common/Card';
import { Field } from '../common/Field';

/** The user's own marker categories, offered beside the built-in ones. */
export function CategoriesSection({ api }: { api: SessionApi }): JSX.Element {
  const custom = useLive(() => api.live.categories(), []).value ?? [];
  const [label, setLabel] = useState('');
  return (
    <Card title={t('categories.title')} titleId="cats-title">
      {custom.length === 0 && <p class="quiet">{t('categories.none')}</p>}
      <ul class="plain">
        {custom.map((c) => (
          <li key={c.code}>{c.label}</li>
        ))}
      </ul>
      <form
        class="row"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!label.trim()) return;
          await api.roster.addCategory(label.trim());
          setLabel('');
        }}
      >
        <Field
          class="grow"
          id="new-cat"
          label={t('categories.new')}
          maxLength={60}
          value={label}
          onInput={(e) => setLabel(e.currentTarget.value)}
        />
        <Button type="submit" disabled={!label.trim()}>
          {t('categories.add')}
        </Button>
      </form>
    </Card>
  );
}
