import type { JSX } from 'preact';
import type { CallInfo } from '../session/api';

/** One quiet line about the call in this tab. */
export function CallStatus({ call }: { call: CallInfo | null }): JSX.Element {
  let text: string;
  if (!call) text = 'No call page in this tab. You can still start a session by hand.';
  else if (!call.healthy)
    text = `${call.platformLabel}: call detection is unavailable on this page. Marking and notes work as usual.`;
  else if (call.state === 'in-call') {
    const people = call.participants.length ? ` with ${call.participants.length} people` : '';
    // Where the page does not tell who is there, say so rather than show an empty roster.
    const byHand = call.readsPeople === false ? ' Attendance by hand on this platform.' : '';
    text = `${call.platformLabel}: in a call${people}.${byHand}`;
  } else text = `${call.platformLabel}: not in a call yet.`;
  return (
    <p
      class={`quiet callstatus${call && !call.healthy ? ' degraded' : ''}`}
      role="status"
      data-call-state={call?.healthy === false ? 'degraded' : (call?.state ?? 'none')}
    >
      {text}
    </p>
  );
}
