import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { Button } from '../common/Button';
import { useLive } from '../useLive';
import type { RehearseApi } from './api';

/** Above every other view: the co-leader asks to rehearse, and this leader can go to Practice to answer. */
export function RehearsalAsk({ api, onOpen }: { api: RehearseApi; onOpen: () => void }): JSX.Element | null {
  const r = useLive(() => api.state(), []).value ?? null;
  if (r?.phase !== 'asked') return null;
  return (
    <p role="status" class="row" data-rehearsal-asked>
      <span>{t('rehearse.askedShort', { title: r.title })}</span>
      <Button variant="link" onClick={onOpen}>
        {t('rehearse.openPractice')}
      </Button>
    </p>
  );
}
