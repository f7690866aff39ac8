import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Marker, Session } from '../../domain/types';
import { useLive, type Live } from '../useLive';
import type { CallInfo } from '../session/api';
import type { FirstRunApi, FirstRunState } from './api';

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

const STEPS: { id: Exclude<Step, 'done'>; label: string }[] = [
  { id: 'sample', label: 'Add a sample group' },
  { id: 'call', label: 'Open the practice call' },
  { id: 'session', label: 'Start a session beside it' },
  { id: 'mark', label: 'Mark a first moment' },
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
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const at = STEPS.findIndex((s) => s.id === step);
  return (
    <section class="card firstrun" aria-labelledby="firstrun-title" data-firstrun-step={step}>
      <h2 id="firstrun-title">{step === 'done' ? 'Your first moment is marked' : 'Get started in three minutes'}</h2>
      {step !== 'done' && (
        <ol>
          {STEPS.map((s, i) => (
            <li key={s.id} aria-current={s.id === step ? 'step' : undefined}>
              {s.label}
              {i < at && ' (done)'}
            </li>
          ))}
        </ol>
      )}
      {step === 'sample' && (
        <>
          <p>
            A sample group of fictional people, marked “(sample)”, so you can try everything without a real client. You
            can remove it in one click.
          </p>
          <button type="button" class="primary" disabled={busy} onClick={act(() => p.api.addSample())}>
            Add a sample group
          </button>
        </>
      )}
      {step === 'call' && (
        <>
          <p>The practice call is a pretend group call that runs only on this computer. Squircle reads it as a call.</p>
          <button type="button" class="primary" disabled={busy} onClick={() => p.api.openPracticeCall()}>
            Open the practice call
          </button>
        </>
      )}
      {step === 'session' && (
        <>
          <p>The practice call is open. Start a session of the sample group beside it.</p>
          <button type="button" class="primary" disabled={busy} onClick={act(p.startSample)}>
            Start the sample session
          </button>
        </>
      )}
      {step === 'mark' && (
        <p>Press Mark at the top (or Alt+Shift+M while the call has focus) when something happens.</p>
      )}
      {step === 'done' && (
        <>
          <p>It is on the session's timeline above. Three things to know:</p>
          <ul>
            <li>
              <strong>Keys.</strong> Alt+Shift+M marks a moment while the call has focus; Alt+Shift+L marks one a few
              seconds ago.
            </li>
            <li>
              <strong>Say it aloud.</strong> With a co-leader, “Say aloud” in the Co-leader tab notes that you spoke a
              thought in front of the group instead of sending it privately.
            </li>
            <li>
              <strong>Lock.</strong> Lock (top right) closes the vault at once; it also locks after some idle minutes
              and when the browser closes.
            </li>
          </ul>
          <button type="button" class="primary" onClick={act(() => p.api.close())}>
            Done
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
            Skip the guide
          </button>
        )}
        {p.state.sampleGroupId && (
          <button type="button" class="ghost" disabled={busy} onClick={act(() => p.api.removeSample())}>
            Remove the sample group
          </button>
        )}
        <button type="button" class="ghost" onClick={() => p.api.openHelp()}>
          Help
        </button>
      </p>
    </section>
  );
}
