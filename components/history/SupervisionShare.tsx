import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { SessionExport } from '../../domain/markdown';
import type { ShareSummary, SupervisionComment } from '../../domain/supervision';
import { templateById } from '../../domain/templates';
import { t } from '../../util/i18n';
import { momentDate } from '../../domain/clock';
import { Button } from '../common/Button';
import type { SupervisionChannelInfo, TraineeSupervisionApi } from '../supervision/api';
import { shownError } from '../../util/user-error';

const message = shownError;
const when = momentDate;
const deviceCode = (id: string) => `${id.slice(0, 4)}-${id.slice(4, 8)}`;

/** The parts a share holds, named for the confirmation. */
function whatGoes(s: ShareSummary): string {
  return [
    s.groupNote ? t('supervision.whatGroupNote') : '',
    s.clientNotes ? t('supervision.whatClientNotes', { count: s.clientNotes }) : '',
    s.markers ? t('supervision.whatMarkers', { count: s.markers }) : '',
    s.debrief ? t('supervision.whatDebrief', { count: s.debrief }) : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * A past group session, on the trainee's side: share it with a paired,
 * verified supervisor (after a confirmation naming what goes), and read
 * the supervisor's comments on its notes. Co-signatures show on the signed
 * notes themselves.
 */
export function SupervisionShare({ api, x }: { api: TraineeSupervisionApi; x: SessionExport }): JSX.Element | null {
  const sessionId = x.session.id;
  const [supervisors, setSupervisors] = useState<SupervisionChannelInfo[]>([]);
  const [received, setReceived] = useState<{ comments: SupervisionComment[]; sharedAt: number | null }>({
    comments: [],
    sharedAt: null,
  });
  const [asking, setAsking] = useState<{ channelId: string; device: string; what: string } | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const load = async () => {
    const [s, r] = await Promise.all([api.supervisors(), api.received(sessionId)]);
    setSupervisors(s);
    setReceived(r);
  };
  useEffect(() => {
    void load().catch(() => undefined);
    return api.onChange(() => void load().catch(() => undefined));
  }, [sessionId]);
  if (!supervisors.length && !received.comments.length && received.sharedAt === null) return null;
  const noteLabel = (noteId: string) => {
    const n = x.notes.find((k) => k.id === noteId);
    if (!n) return t('supervision.aNote');
    const label = templateById(x.templates, n.template).label;
    const who = n.memberId ? x.members.find((m) => m.id === n.memberId)?.name : undefined;
    return who ? `${label} · ${who}` : label;
  };
  return (
    <section class="supervision-share" aria-labelledby="supervision-share-title" data-supervision-share>
      <h3 id="supervision-share-title">{t('supervision.historyTitle')}</h3>
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
              api.preview(sessionId).then(
                (summary) =>
                  setAsking({
                    channelId: s.channelId,
                    device: deviceCode(s.others.find((o) => o.verified)!.deviceId),
                    what: whatGoes(summary),
                  }),
                (e: unknown) => setError(message(e)),
              );
            }}
          >
            {t('supervision.share')}
          </Button>
        ))}
      {asking && (
        <div class="confirm" role="group" aria-labelledby="supervision-confirm" data-share-confirm>
          <p id="supervision-confirm">
            {t('supervision.confirm', { what: asking.what, group: x.owner.name, device: asking.device })}
          </p>
          <div class="row">
            <Button
              variant="primary"
              onClick={() =>
                api.share(asking.channelId, sessionId).then(
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
                {t('supervision.on', { note: noteLabel(c.noteId) })} ({when(c.at)}): {c.text}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
