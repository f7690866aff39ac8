import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { MomentResult, PracticeDebrief } from '../../domain/practice';
import { useLive } from '../useLive';
import type { PracticeApi } from './api';
import { PracticeShare } from './PracticeShare';
import { PairDebriefView, RehearseTogether } from './RehearseTogether';

const seconds = (s: number) => `${s.toLocaleString('en', { maximumFractionDigits: 1 })} s`;

function outcome(m: MomentResult): string {
  if (m.noticed) return `Noticed after ${seconds(m.afterSeconds!)}${m.namedAloud ? ', named aloud' : ''}.`;
  const counts = `${m.counts.join(' or ')} would count`;
  if (m.markedWithoutKind) return `Marked, but its kind was not chosen (${counts}).`;
  return `Missed${m.namedAloud ? ', though something was said aloud then' : ''} (${counts}).`;
}

/** One debrief: what was noticed, how fast, what was named aloud, what was missed, and why each matters. */
export function PracticeDebriefView({ d }: { d: PracticeDebrief }): JSX.Element {
  return (
    <article class="card" aria-label={`Debrief: ${d.title}`} data-debrief={d.id}>
      <h3>{d.title}</h3>
      <p class="quiet">
        {new Date(d.startedAt).toLocaleString()} · {d.speed === 2 ? 'double speed' : 'normal speed'}
      </p>
      <p data-debrief-summary>
        Noticed {d.noticed} of {d.moments.length}
        {d.meanSeconds !== null && `, after ${seconds(d.meanSeconds)} on average`}; named aloud {d.namedAloud}.
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
      <h2 id="practice-title">Practice</h2>
      <p class="quiet">
        Rehearse on the practice call: a pretend group that runs only on this computer. Start a session of the sample
        group (or any group), play a scenario on the call, and mark what you notice. Practice debriefs stay in your
        vault, apart from your clinical records, and are never exported.
      </p>
      <p class="row">
        <button type="button" onClick={() => api.openCall()}>
          Open the practice call
        </button>
        <button type="button" class="ghost" onClick={() => api.openHelp()}>
          Help
        </button>
      </p>
      {api.rehearse && <RehearseTogether api={api.rehearse} />}
      {run && !run.over && (
        <p role="status" data-practice-run="playing">
          Playing “{run.title}”{run.speed === 2 ? ' at double speed' : ''}. Mark what you notice; the debrief shows here
          when it ends.
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <h2>Debriefs</h2>
      {debriefs?.length === 0 && <p class="quiet">No practice yet.</p>}
      {debriefs?.map((d) => (
        <div key={d.id}>
          {'kind' in d ? <PairDebriefView d={d} /> : <PracticeDebriefView d={d} />}
          {api.supervision && <PracticeShare api={api.supervision} debriefId={d.id} title={d.title} />}
          <button type="button" onClick={() => void api.remove(d.id)}>
            Delete this debrief
          </button>
        </div>
      ))}
    </section>
  );
}
