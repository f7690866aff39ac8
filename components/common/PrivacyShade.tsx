import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../util/i18n';

/**
 * A neutral screen over the whole panel while `on`, so a screen share the
 * call page cannot see (a desktop app, another tab) shows nothing of it. It
 * covers at once; only the Reveal button takes it away.
 */
export function PrivacyShade({ on, onReveal }: { on: boolean; onReveal: () => void }): JSX.Element | null {
  const reveal = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (on) reveal.current?.focus();
  }, [on]);
  if (!on) return null;
  return (
    <section class="privacy-shade" role="region" aria-label={t('shade.label')}>
      <p class="quiet">{t('shade.covered')}</p>
      <button type="button" ref={reveal} onClick={onReveal}>
        {t('shade.reveal')}
      </button>
    </section>
  );
}
