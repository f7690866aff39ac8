import type { JSX } from 'preact';
import { Button } from '../common/Button';
import { useState } from 'preact/hooks';
import { SIGNALS, type SignalKind } from '../../domain/modes';
import type { Member } from '../../domain/types';
import { MemberSelect } from '../common/MemberSelect';
import { t } from '../../util/i18n';

/** One tap, no words: the glance across the circle, over the wire. */
export function SignalBar({
  members,
  unavailable,
  send,
}: {
  members: Member[];
  /** Why no co-leader would receive a signal now; the signals are disabled while it is set. */
  unavailable: string | null;
  send: (kind: SignalKind, memberId?: string | null) => Promise<void>;
}): JSX.Element {
  const [who, setWho] = useState('');
  const [sent, setSent] = useState('');
  const go = async (kind: SignalKind) => {
    await send(kind, kind === 'look' ? who || null : null);
    setSent(SIGNALS.find((s) => s.kind === kind)?.label ?? '');
    setTimeout(() => setSent(''), 2500);
  };
  return (
    <section class="card" aria-labelledby="signals-title">
      <h2 id="signals-title">{t('backchannel.signals')}</h2>
      {unavailable && (
        <p class="quiet" id="signals-unavailable" data-unavailable>
          {unavailable}
        </p>
      )}
      <div class="chips" role="group" aria-label={t('backchannel.sendSignal')}>
        {SIGNALS.filter((s) => s.kind !== 'look').map((s) => (
          <Button
            key={s.kind}
            class="chip signal"
            data-signal={s.kind}
            disabled={!!unavailable}
            aria-describedby={unavailable ? 'signals-unavailable' : undefined}
            onClick={() => void go(s.kind)}
          >
            {s.label}
          </Button>
        ))}
      </div>
      {members.length > 0 && (
        <div class="row">
          <MemberSelect
            id="look-member"
            label={t('backchannel.memberToLook')}
            hideLabel
            members={members}
            value={who}
            none={t('backchannel.chooseMember')}
            onChange={setWho}
          />
          <Button
            class="chip signal"
            data-signal="look"
            disabled={!who || !!unavailable}
            onClick={() => void go('look')}
          >
            {t('backchannel.haveALook')}
          </Button>
        </div>
      )}
      <p class="quiet" aria-live="polite">
        {sent && t('backchannel.sent', { signal: sent })}
      </p>
    </section>
  );
}
