import type { JSX } from 'preact';
import { Lock, Settings } from 'lucide-preact';
import { Button } from './common/Button';
import { t } from '../util/i18n';

/** The panel's top line: the name, the privacy shade's Cover button, settings and Lock, all reachable by keyboard. */
export function Header({
  onLock,
  onShade,
  onOpenOptions,
}: {
  onLock: () => void;
  onShade?: () => void;
  onOpenOptions?: () => void;
}): JSX.Element {
  return (
    <header class="top">
      <span class="brand" aria-hidden="true">
        ◖◗
      </span>
      <span class="title">Squircle</span>
      <span class="actions">
        {onShade && (
          <Button variant="ghost" onClick={onShade} title={t('header.coverTitle')}>
            {t('header.cover')}
          </Button>
        )}
        {onOpenOptions && (
          <Button variant="ghost" class="icon-button" onClick={onOpenOptions} title={t('header.settings')}>
            <Settings size={18} aria-hidden="true" />
            <span class="sr-only">{t('header.settings')}</span>
          </Button>
        )}
        <Button variant="ghost" class="icon-button" onClick={onLock} title={t('header.lockTitle')}>
          <Lock size={18} aria-hidden="true" />
          <span>{t('header.lock')}</span>
        </Button>
      </span>
    </header>
  );
}
