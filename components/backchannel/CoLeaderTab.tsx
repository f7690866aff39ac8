import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { MODE_LABELS, type BackchannelMode } from '../../domain/modes';
import type { Member, Session } from '../../domain/types';
import type { BackchannelApi } from './api';
import { Composer } from './Composer';
import { SignalBar } from './SignalBar';
import { useLive } from '../useLive';
import type { BackchannelMessage } from '../../domain/types';
import type { Prompt } from '../../domain/prompts';
import { t } from '../../util/i18n';

/** What was sent during the session (counted), and what waits for the debrief. */
function Exchanged({ messages }: { messages: BackchannelMessage[] }): JSX.Element | null {
  const sent = messages.filter((m) => m.kind === 'sent');
  const parked = messages.filter((m) => m.kind === 'parked' && m.direction === 'out');
  if (!sent.length && !parked.length) return null;
  return (
    <section class="card" aria-labelledby="exchanged-title">
      <h2 id="exchanged-title">{t('backchannel.thisSession')}</h2>
      <ul class="plain messages">
        {sent.map((m) => (
          <li key={m.id} data-message={m.direction}>
            <span class="quiet">
              {m.direction === 'out' ? t('backchannel.youSent') : t('backchannel.coleaderSent')}
            </span>{' '}
            {m.text}
          </li>
        ))}
      </ul>
      {parked.length > 0 && <p class="quiet">{t('backchannel.keptForDebrief', { count: parked.length })}</p>}
    </section>
  );
}

interface Rights {
  mode: BackchannelMode;
  signal: boolean;
  compose: boolean;
  park: boolean;
  send: boolean;
}

/** The back-channel during a session, shaped by the group's mode. */
export function CoLeaderTab({
  backchannel: b,
  session,
  members,
}: {
  backchannel: BackchannelApi;
  session: Session;
  members: Member[];
}): JSX.Element {
  const [r, setR] = useState<Rights | undefined>();
  const g = session.ownerId;
  const messages = useLive(() => b.messages(session.id), [session.id]).value ?? [];
  // Until the first answer, nothing is offered as sendable.
  const reach = useLive(() => b.reach(g), [g]);
  const absent = reach.loaded ? (reach.value ?? null) : t('backchannel.lookingForColeader');
  const [prompts, setPrompts] = useState<Prompt[] | undefined>();
  useEffect(() => void b.prompts().then(setPrompts), [b]);
  useEffect(() => {
    void (async () =>
      setR({
        mode: await b.mode(g),
        signal: await b.may(g, 'signal'),
        compose: await b.may(g, 'compose'),
        park: await b.may(g, 'park'),
        send: await b.may(g, 'send-now'),
      }))();
  }, [g]);
  if (!r) return <p class="quiet">{t('common.opening')}</p>;
  return (
    <>
      <p class="quiet" data-mode={r.mode}>
        {t('backchannel.mode', { mode: MODE_LABELS[r.mode] })}
      </p>
      {r.signal && (
        <SignalBar
          members={members}
          unavailable={absent}
          send={(kind, memberId) => b.signal(session, kind, memberId)}
        />
      )}
      {r.compose && (
        <Composer
          members={members}
          canPark={r.park}
          canSend={r.send}
          sendUnavailable={absent}
          open={r.mode === 'open'}
          sayAloud={() => b.sayAloud(session)}
          park={(t) => b.park(session, t)}
          sendNow={(t) => b.sendNow(session, t)}
          presenceAidSeconds={b.presenceAidSeconds}
          prompts={prompts}
        />
      )}
      <Exchanged messages={messages} />
      {!r.signal && !r.compose && <p class="quiet">{t('backchannel.nothingExchanged')}</p>}
    </>
  );
}
