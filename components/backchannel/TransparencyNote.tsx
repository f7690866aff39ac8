import type { JSX } from 'preact';
import { Button } from '../common/Button';
import { currentLanguage, directionOf, t } from '../../util/i18n';

/** Plain words for the group, for informed consent: read aloud or print and send, in the panel's language. */
export const transparencyText = (): string =>
  [
    t('transparency.heading'),
    '',
    t('transparency.intro'),
    '',
    `• ${t('transparency.noRecording')}`,
    `• ${t('transparency.notes')}`,
    `• ${t('transparency.signals')}`,
    `• ${t('transparency.notShown')}`,
    '',
    t('transparency.questions'),
  ].join('\n');

export function TransparencyNote(): JSX.Element {
  return (
    <section class="card" aria-labelledby="transparency-title">
      <h2 id="transparency-title">{t('backchannel.transparencyTitle')}</h2>
      <p class="quiet">{t('backchannel.transparencyIntro')}</p>
      <pre class="preview" data-transparency tabIndex={0} aria-label={t('backchannel.transparencyLabel')}>
        {transparencyText()}
      </pre>
      <Button
        onClick={() => {
          const w = open('', '_blank');
          if (!w) return;
          w.document.documentElement.lang = currentLanguage();
          w.document.documentElement.dir = directionOf(currentLanguage());
          const pre = w.document.createElement('pre');
          pre.style.cssText =
            'white-space: pre-wrap; font: 12pt/1.5 Georgia, serif; max-width: 640px; ' +
            'margin-block: 32px; margin-inline: auto;';
          pre.textContent = transparencyText();
          w.document.body.append(pre);
          w.print();
        }}
      >
        {t('common.print')}
      </Button>
    </section>
  );
}
