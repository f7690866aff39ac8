import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { SupervisionComment } from '../../domain/supervision';
import { t } from '../../util/i18n';
import { momentDate } from '../../domain/clock';
import { Button } from '../common/Button';
import type { PracticeSupervisionApi, SupervisionChannelInfo } from '../supervision/api';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const when = momentDate;
const deviceCode = (id: string) => `${id.slice(0, 4)}-${id.slice(4, 8)}`;

/**
 * One kept practice debrief, on the trainee's side: share it with a paired,
 * verified supervisor (after a confirmation naming what goes), and read the
 * supervisor's comments on it. Shows nothing while no supervisor is paired.
 */
export function PracticeShare({
  api,
  debriefId,
  title,
}: {
  api: PracticeSupervisionApi;
  debriefId: string;
  title: string;
}): JSX.Element | null {
  const [supervisors, setSupervisors] = useState<SupervisionChannelInfo[]>([]);
  const [received, setReceived] = useState<{ comments: SupervisionComment[]; sharedAt: number | null }>({
    comments: [],
    sharedAt: null,
  });
  const [asking, setAsking] = useState<{ channelId: string; device: string } | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const load = async () => {
    const [s, r] = await Promise.all([api.supervisors(), api.received(debriefId)]);
    setSupervisors(s);
    setReceived(r);
  };
  useEffect(() => {
    void load().catch(() => undefined);
    return api.onChange(() => void load().catch(() => undefined));
  }, [debriefId]);
  if (!supervisors.length && !received.comments.length && received.sharedAt === null) return null;
  return (
    <div class="supervision-share" data-practice-share={debriefId}>
      {received.sharedAt !== null && (
        <p class="quiet" data-shared-at>
          {t('supervision.sharedOn', { when: when(received.sharedAt) })}
        </p>
      )}
      {!asking &&
        supervisors.map((s) => (
          <Button
            key={s.channelId}
            onClick={() => {
              setError('');
              setDone('');
              setAsking({ channelId: s.channelId, device: deviceCode(s.others.find((o) => o.verified)!.deviceId) });
            }}
          >
            {t('supervision.practiceShare')}
          </Button>
        ))}
      {asking && (
        <div class="confirm" role="group" aria-labelledby={`practice-confirm-${debriefId}`} data-share-confirm>
          <p id={`practice-confirm-${debriefId}`}>
            {t('supervision.practiceConfirm', { title, device: asking.device })}
          </p>
          <div class="row">
            <Button
              variant="primary"
              onClick={() =>
                api.share(asking.channelId, debriefId).then(
                  () => {
                    setAsking(null);
                    setDone(t('supervision.sent'));
                    void load();
                  },
                  (e: unknown) => {
                    setAsking(null);
                    setError(message(e));
                  },
                )
              }
            >
              {t('supervision.shareYes')}
            </Button>
            <Button onClick={() => setAsking(null)}>{t('supervision.cancel')}</Button>
          </div>
        </div>
      )}
      {done && (
        <p class="quiet" role="status">
          {done}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {received.comments.length > 0 && (
        <>
          <h4>{t('supervision.comments')}</h4>
          <ul class="plain comments">
            {received.comments.map((c) => (
              <li key={c.id} data-supervisor-comment>
                <strong>
                  <bdi>{c.name}</bdi>
                </strong>{' '}
                ({when(c.at)}): {c.text}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
