import type { ComponentChildren, JSX } from 'preact';
import { Button } from '../common/Button';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../util/i18n';

/**
 * While the leader shares the screen, the panel's contents stay hidden
 * behind one deliberate click, so a shared window never shows notes.
 */
export function PresentingGuard({
  presenting,
  children,
}: {
  presenting: boolean;
  children: ComponentChildren;
}): JSX.Element {
  const [revealed, setRevealed] = useState(false);
  useEffect(() => {
    if (!presenting) setRevealed(false);
  }, [presenting]);
  if (!presenting || revealed) return <>{children}</>;
  return (
    <section class="card guard" role="region" aria-label={t('session.hiddenLabel')}>
      <h2>{t('session.hiddenTitle')}</h2>
      <p class="quiet">{t('session.hiddenText')}</p>
      <Button onClick={() => setRevealed(true)}>{t('session.showAnyway')}</Button>
    </section>
  );
}
