import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { MomentResult, PracticeDebrief } from '../../domain/practice';
import { t } from '../../util/i18n';
import { decimal, localeTag } from '../../util/format';
import { momentDate } from '../../domain/clock';
import { useLive } from '../useLive';
import type { PracticeApi } from './api';
import { PracticeShare } from './PracticeShare';
import { PairDebriefView, RehearseTogether, familyLabel } from './RehearseTogether';

const seconds = (s: number) => t('rehearse.debrief.seconds', { n: decimal(s) });

/** "Body and face or Presence", joined as the language joins alternatives. */
const either = (families: readonly string[]) =>
  new Intl.ListFormat(localeTag(), { type: 'disjunction' }).format(families.map(familyLabel));

function outcome(m: MomentResult): string {
  if (m.noticed)
    return t(m.namedAloud ? 'practiceView.noticedAloud' : 'practiceView.noticed', { after: seconds(m.afterSeconds!) });
  const counts = either(m.counts);
  if (m.markedWithoutKind) return t('practiceView.markedNoKind', { counts });
  return t(m.namedAloud ? 'practiceView.missedAloud' : 'practiceView.missed', { counts });
}

/** One debrief: what was noticed, how fast, what was named aloud, what was missed, and why each matters. */
export function PracticeDebriefView({ d }: { d: PracticeDebrief }): JSX.Element {
  return (
    <article class="card" aria-label={t('practiceView.debriefLabel', { title: d.title })} data-debrief={d.id}>
      <h3>{d.title}</h3>
      <p class="quiet">
        {t('practiceView.when', {
          date: momentDate(d.startedAt),
          speed: d.speed === 2 ? t('practiceView.doubleSpeed') : t('practiceView.normalSpeed'),
        })}
      </p>
      <p data-debrief-summary>
        {d.meanSeconds === null
          ? t('practiceView.summary', { noticed: d.noticed, total: d.moments.length, aloud: d.namedAloud })
          : t('practiceView.summaryMean', {
              noticed: d.noticed,
              total: d.moments.length,
              aloud: d.namedAloud,
              mean: seconds(d.meanSeconds),
            })}
      </p>
      <ul class="plain">
        {d.moments.map((m) => (
          <li key={m.id} data-moment={m.id} data-noticed={m.noticed ? 'yes' : 'no'}>
            <strong>{m.what}.</strong> {outcome(m)}
            <br />
            <span class="quiet">{m.why}</span>
          </li>
        ))}
      </ul>
    </article>
  );
}

/**
 * Practice: open the practice call, see the scenario playing, and the
 * debriefs of past runs. Debriefs are practice, not clinical records: they
 * stay out of History and out of every export.
 */
export function PracticeView({ api }: { api: PracticeApi }): JSX.Element {
  const run = useLive(() => api.run(), []).value ?? null;
  const debriefs = useLive(() => api.debriefs(), []).value;
  const [error, setError] = useState('');
  // A run that is over is debriefed once, as soon as the panel sees it.
  const kept = !!run && !!debriefs?.some((d) => d.id === run.id);
  useEffect(() => {
    if (!run?.over || !debriefs || kept) return;
    api.debrief(run.id).catch((e: Error) => setError(e.message));
  }, [run?.id, run?.over, kept, !!debriefs]);
  return (
    <section aria-labelledby="practice-title">
      <h2 id="practice-title">{t('nav.practice')}</h2>
      <p class="quiet">{t('practiceView.intro')}</p>
      <p class="row">
        <button type="button" onClick={() => api.openCall()}>
          {t('practiceView.openCall')}
        </button>
        <button type="button" class="ghost" onClick={() => api.openHelp()}>
          {t('practiceView.help')}
        </button>
      </p>
      {api.rehearse && <RehearseTogether api={api.rehearse} />}
      {run && !run.over && (
        <p role="status" data-practice-run="playing">
          {t(run.speed === 2 ? 'practiceView.playingDouble' : 'practiceView.playing', { title: run.title })}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <h2>{t('practiceView.debriefs')}</h2>
      {debriefs?.length === 0 && <p class="quiet">{t('practiceView.none')}</p>}
      {debriefs?.map((d) => (
        <div key={d.id}>
          {'kind' in d ? <PairDebriefView d={d} /> : <PracticeDebriefView d={d} />}
          {api.supervision && <PracticeShare api={api.supervision} debriefId={d.id} title={d.title} />}
          <button type="button" onClick={() => void api.remove(d.id)}>
            {t('practiceView.delete')}
          </button>
        </div>
      ))}
    </section>
  );
}
