import type { JSX } from 'preact';
import { t, type LabelKey } from '../../util/i18n';
import type { CallInfo } from '../session/api';

/** What each reading the call page's adapter could not make means, in the panel's words. */
const MISSING: Record<string, LabelKey> = {
  'call-controls': 'callStatus.noControls',
  'people-list': 'callStatus.noPeopleList',
};

/**
 * One quiet line about the call in this tab, and, when a reading failed (the
 * platform changed its page), which one, what still works, and a short
 * diagnostics list of the failed readings (codes, never names).
 */
export function CallStatus({ call }: { call: CallInfo | null }): JSX.Element {
  let text: string;
  const missing = call?.missing ?? [];
  if (!call) text = t('callStatus.noCall');
  else if (!call.healthy) text = t('callStatus.degraded', { platform: call.platformLabel });
  else if (call.state === 'in-call' && missing.includes('people-list'))
    text = t('callStatus.noPeople', { platform: call.platformLabel });
  else if (call.state === 'in-call') {
    const n = call.participants.length;
    text = n
      ? t('callStatus.inCallWith', n, { platform: call.platformLabel })
      : t('callStatus.inCall', { platform: call.platformLabel });
    // Where the page does not tell who is there, say so rather than show an empty roster.
    if (call.readsPeople === false) text += ` ${t('callStatus.byHand')}`;
  } else text = t('callStatus.notYet', { platform: call.platformLabel });
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
          <summary>{t('callStatus.diagnostics')}</summary>
          <ul class="plain">
            {missing.map((m) => (
              <li key={m} data-missing={m}>
                {call.platform}: {MISSING[m] ? t(MISSING[m]) : m}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
