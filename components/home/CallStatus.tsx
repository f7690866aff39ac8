import type { JSX } from 'preact';
import type { CallInfo } from '../session/api';

/** What each reading the call page's adapter could not make means, in the panel's words. */
const MISSING: Record<string, string> = {
  'call-controls': 'call controls not found',
  'people-list': 'people list not found',
};

/**
 * One quiet line about the call in this tab, and, when a reading failed (the
 * platform changed its page), which one, what still works, and a short
 * diagnostics list of the failed readings (codes, never names).
 */
export function CallStatus({ call }: { call: CallInfo | null }): JSX.Element {
  let text: string;
  const missing = call?.missing ?? [];
  if (!call) text = 'No call page in this tab. You can still start a session by hand.';
  else if (!call.healthy)
    text = `${call.platformLabel}: call detection is unavailable on this page. Marking and notes work as usual.`;
  else if (call.state === 'in-call' && missing.includes('people-list'))
    text =
      `${call.platformLabel}: in a call; people list not found, so attendance is by hand. ` +
      'Marking, notes and the presenting guard work as usual.';
  else if (call.state === 'in-call') {
    const people = call.participants.length ? ` with ${call.participants.length} people` : '';
    // Where the page does not tell who is there, say so rather than show an empty roster.
    const byHand = call.readsPeople === false ? ' Attendance by hand on this platform.' : '';
    text = `${call.platformLabel}: in a call${people}.${byHand}`;
  } else text = `${call.platformLabel}: not in a call yet.`;
  return (
    <>
      <p
        class={`quiet callstatus${call && (!call.healthy || missing.length) ? ' degraded' : ''}`}
        role="status"
        data-call-state={call?.healthy === false ? 'degraded' : (call?.state ?? 'none')}
      >
        {text}
      </p>
      {call && missing.length > 0 && (
        <details class="quiet call-diagnostics">
          <summary>Call page diagnostics</summary>
          <ul class="plain">
            {missing.map((m) => (
              <li key={m} data-missing={m}>
                {call.platform}: {MISSING[m] ?? m}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
