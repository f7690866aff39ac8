import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Marker, Session } from '../../domain/types';
import { t, type LabelKey } from '../../util/i18n';
import { useLive, type Live } from '../useLive';
import type { CallInfo } from '../session/api';
import type { FirstRunApi, FirstRunState } from './api';
import { shownError } from '../../util/user-error';

export interface FirstRunProps {
  api: FirstRunApi;
  state: FirstRunState;
  call: CallInfo | null;
  active: Session | null | undefined;
  /** The running session's markers, live. */
  markersOf: (sessionId: string) => Live<Marker[]>;
  /** Starts a session of the sample group beside the practice call. */
  startSample: () => Promise<void>;
}

type Step = 'sample' | 'call' | 'session' | 'mark' | 'done';

/** Where the guide is, read from what exists rather than stored, so it never disagrees with the panel. */
export function stepOf(p: Pick<FirstRunProps, 'state' | 'call' | 'active'> & { markers: number }): Step {
  if (!p.state.sampleGroupId) return 'sample';
  if (!p.active) return p.call?.platform === 'demo' ? 'session' : 'call';
  return p.markers > 0 ? 'done' : 'mark';
}

const STEPS: { id: Exclude<Step, 'done'>; message: LabelKey }[] = [
  { id: 'sample', message: 'firstRun.stepSample' },
  { id: 'call', message: 'firstRun.stepCall' },
  { id: 'session', message: 'firstRun.stepSession' },
  { id: 'mark', message: 'firstRun.stepMark' },
];

/**
 * The first run, after the vault is created: a sample group of fictional
 * members, the practice call, a first marker on the timeline, then three
 * things to know. Skippable at every step; Help brings it back.
 */
export function FirstRun(p: FirstRunProps): JSX.Element {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const none: Live<Marker[]> = { subscribe: (o) => (o.next([]), { unsubscribe: () => undefined }) };
  const sessionId = p.active?.id;
  const markers = useLive(() => (sessionId ? p.markersOf(sessionId) : none), [sessionId]).value?.length ?? 0;
  const step = stepOf({ ...p, markers });
  const act = (f: () => Promise<unknown> | void) => async () => {
    setBusy(true);
    setError('');
    try {
      await f();
    } catch (e) {
      setError(shownError(e));
    } finally {
      setBusy(false);
    }
  };
  const at = STEPS.findIndex((s) => s.id === step);
  return (
    <section class="card firstrun" aria-labelledby="firstrun-title" data-firstrun-step={step}>
      <h2 id="firstrun-title">{step === 'done' ? t('firstRun.titleDone') : t('firstRun.title')}</h2>
      {step !== 'done' && (
        <ol>
          {STEPS.map((s, i) => (
            <li key={s.id} aria-current={s.id === step ? 'step' : undefined}>
              {i < at ? t('firstRun.stepDone', { step: t(s.message) }) : t(s.message)}
            </li>
          ))}
        </ol>
      )}
      {step === 'sample' && (
        <>
          <p>{t('firstRun.sampleText')}</p>
          <button type="button" class="primary" disabled={busy} onClick={act(() => p.api.addSample())}>
            {t('firstRun.stepSample')}
          </button>
        </>
      )}
      {step === 'call' && (
        <>
          <p>{t('firstRun.callText')}</p>
          <button type="button" class="primary" disabled={busy} onClick={() => p.api.openPracticeCall()}>
            {t('firstRun.stepCall')}
          </button>
        </>
      )}
      {step === 'session' && (
        <>
          <p>{t('firstRun.sessionText')}</p>
          <button type="button" class="primary" disabled={busy} onClick={act(p.startSample)}>
            {t('firstRun.startSample')}
          </button>
        </>
      )}
      {step === 'mark' && <p>{t('firstRun.markText', { key: t('helpView.keyMark') })}</p>}
      {step === 'done' && (
        <>
          <p>{t('firstRun.doneIntro')}</p>
          <ul>
            <li>
              <strong>{t('firstRun.keysTitle')}</strong>{' '}
              {t('firstRun.keysText', { key: t('helpView.keyMark'), backKey: t('helpView.keyMarkBack') })}
            </li>
            <li>
              <strong>{t('firstRun.aloudTitle')}</strong> {t('firstRun.aloudText')}
            </li>
            <li>
              <strong>{t('firstRun.lockTitle')}</strong> {t('firstRun.lockText')}
            </li>
          </ul>
          <button type="button" class="primary" onClick={act(() => p.api.close())}>
            {t('firstRun.finish')}
          </button>
        </>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="row">
        {step !== 'done' && (
          <button type="button" class="ghost" onClick={act(() => p.api.close())}>
            {t('firstRun.skip')}
          </button>
        )}
        {p.state.sampleGroupId && (
          <button type="button" class="ghost" disabled={busy} onClick={act(() => p.api.removeSample())}>
            {t('firstRun.removeSample')}
          </button>
        )}
        <button type="button" class="ghost" onClick={() => p.api.openHelp()}>
          {t('firstRun.help')}
        </button>
      </p>
    </section>
  );
}
