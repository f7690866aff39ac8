import type { JSX } from 'preact';
import { Button } from '../common/Button';
import { useState } from 'preact/hooks';
import { useLive, type Live } from '../useLive';
import type { DebriefInfo } from './api';
import { t } from '../../util/i18n';

/** After the session: how the leaders talked, seen by the two of them only. */
export function DebriefView({
  live,
  addToNote,
}: {
  live: () => Live<DebriefInfo>;
  addToNote?: (text: string) => Promise<void>;
}): JSX.Element {
  const d = useLive(live, []).value;
  const [added, setAdded] = useState(false);
  if (!d) return <p class="quiet">{t('backchannel.debriefOpening')}</p>;
  const summary = [
    d.reflection,
    ...d.parked.map((m) =>
      t(m.direction === 'out' ? 'backchannel.summaryParkedMine' : 'backchannel.summaryParkedColeader', m),
    ),
    ...d.sent.map((m) =>
      t(m.direction === 'out' ? 'backchannel.summarySentMine' : 'backchannel.summarySentColeader', m),
    ),
  ].join('\n');
  return (
    <section class="card debrief" aria-labelledby="debrief-title">
      <h2 id="debrief-title">{t('backchannel.debrief')}</h2>
      <p class="reflection" data-reflection>
        {d.reflection}
      </p>
      <dl class="counts">
        <dt>{t('backchannel.saidAloud')}</dt>
        <dd data-count="aloud">{d.saidAloud}</dd>
        <dt>{t('backchannel.parked')}</dt>
        <dd data-count="parked">{d.parked.length}</dd>
        <dt>{t('backchannel.sentPrivatelyCount')}</dt>
        <dd data-count="sent">{d.sent.length}</dd>
        <dt>{t('backchannel.signals')}</dt>
        <dd data-count="signals">{d.signals}</dd>
      </dl>
      {d.parked.length > 0 && (
        <>
          <h3>{t('backchannel.parkedForNow')}</h3>
          <ul class="plain parked">
            {d.parked.map((m) => (
              <li key={m.id} data-parked>
                <span class="quiet">{m.direction === 'out' ? t('common.you') : t('common.coleader')}:</span> {m.text}
              </li>
            ))}
          </ul>
        </>
      )}
      {d.sent.length > 0 && (
        <>
          <h3>{t('backchannel.sentDuring')}</h3>
          <ul class="plain sent">
            {d.sent.map((m) => (
              <li key={m.id}>
                <span class="quiet">{m.direction === 'out' ? t('common.you') : t('common.coleader')}:</span> {m.text}
              </li>
            ))}
          </ul>
        </>
      )}
      {addToNote && (
        <Button
          disabled={added}
          onClick={async () => {
            await addToNote(summary);
            setAdded(true);
          }}
        >
          {added ? t('backchannel.addedToNote') : t('backchannel.addToNote')}
        </Button>
      )}
    </section>
  );
}
