import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { formatClock, isPaused, sessionClockMs } from '../../domain/clock';
import type { Session } from '../../domain/types';
import { t } from '../../util/i18n';

/** The session clock; ticks once a second, stands still while paused. */
export function Clock({ session }: { session: Session }): JSX.Element {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (session.endedAt) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [session.endedAt]);
  const paused = isPaused(session);
  return (
    <span class={`clock${paused ? ' paused' : ''}`} role="timer" aria-label={t('session.clock')}>
      {formatClock(sessionClockMs(session, now))}
      {paused && <span class="quiet"> {t('session.paused')}</span>}
    </span>
  );
}
