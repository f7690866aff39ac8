import type { JSX } from 'preact';
import { Button } from '../common/Button';
import { useEffect, useState } from 'preact/hooks';
import { FAMILIES } from '../../domain/categories';
import type { MemberFlag, MemberSessionRow } from '../../domain/member-history';
import { RECOMMENDATION_LABEL, finalRecommendation } from '../../domain/screening';
import type { Id } from '../../domain/types';
import { t, type LabelKey } from '../../util/i18n';
import { sessionDay } from '../../domain/clock';
import { Message } from '../common/Message';
import type { MemberPage as Page, MemberPageApi } from './member-api';
import { shownError } from '../../util/user-error';

const day = sessionDay;

/** Attendance as a letter and a word, so the picture never relies on colour alone. */
const STATUS: Record<MemberSessionRow['status'], { mark: string; word: LabelKey }> = {
  present: { mark: '✓', word: 'attendance.present' },
  late: { mark: 'L', word: 'attendance.late' },
  'left-early': { mark: 'E', word: 'attendance.leftEarly' },
  absent: { mark: '✕', word: 'attendance.absent' },
  'not-recorded': { mark: '·', word: 'memberPage.notRecorded' },
};

const markerCount = (r: MemberSessionRow) => Object.values(r.byFamily).reduce((a, b) => a + b, 0);

function rowText(r: MemberSessionRow): string {
  const named = {
    date: day(r.startedAt),
    status: t(STATUS[r.status].word),
    markers: t('history.markers', markerCount(r)),
  };
  return r.lateMinutes !== null
    ? t('memberPage.rowLate', { ...named, minutes: r.lateMinutes })
    : t('memberPage.row', named);
}

function flagText(flag: MemberFlag): string {
  const key = flag.kind === 'absences' ? 'memberPage.flagAbsences' : 'memberPage.flagLateness';
  return t(key, flag.window, { count: flag.count });
}

/**
 * One member across the group's sessions: attendance as a strip of
 * sessions (with a table view of the same), markers by family, the safety
 * and screening records, and a gentle flag for a pattern that often comes
 * before dropping out, which the leader can dismiss.
 */
export function MemberPage({
  api,
  memberId,
  onBack,
}: {
  api: MemberPageApi;
  memberId: Id;
  onBack: () => void;
}): JSX.Element {
  const [page, setPage] = useState<Page | undefined>();
  const [error, setError] = useState('');
  const [table, setTable] = useState(false);
  const load = () => api.load(memberId).then(setPage, (e: unknown) => setError(shownError(e)));
  useEffect(() => void load(), [memberId]);
  const back = (
    <Button variant="link" onClick={onBack}>
      {t('memberPage.back')}
    </Button>
  );
  if (error)
    return (
      <section class="card">
        {back}
        <p class="error" role="alert">
          {error}
        </p>
      </section>
    );
  if (!page) return <p class="quiet">{t('common.opening')}</p>;
  const { member, history: h } = page;
  const came = h.totals.present + h.totals.late + h.totals['left-early'];
  const counted = h.rows.length - h.totals['not-recorded'];
  const most = Math.max(1, ...h.families.map((f) => f.count));
  const screening = page.screenings[0];
  const attended = { came, counted, late: h.totals.late, leftEarly: h.totals['left-early'], absent: h.totals.absent };
  return (
    <section class="card member-page" aria-labelledby="member-page-title" data-member-page>
      {back}
      <h2 id="member-page-title">
        <Message id="memberPage.title" parts={{ name: <bdi>{member.name}</bdi> }} />
      </h2>
      <p class="quiet">
        {h.rows.length ? (
          <Message
            id="memberPage.span"
            parts={{
              group: <bdi>{page.groupName}</bdi>,
              sessions: t('memberPage.sessions', h.rows.length),
              from: day(h.rows[0]!.startedAt),
              to: day(h.rows[h.rows.length - 1]!.startedAt),
            }}
          />
        ) : (
          <Message
            id="memberPage.spanNone"
            parts={{ group: <bdi>{page.groupName}</bdi>, sessions: t('memberPage.sessions', 0) }}
          />
        )}
      </p>
      {h.flag && (
        <div class="member-flag" role="note" data-member-flag={h.flag.kind}>
          <p>{flagText(h.flag)}</p>
          <Button onClick={() => void api.dismissFlag(member.id, h.flag!.through).then(load, () => undefined)}>
            {t('common.dismiss')}
          </Button>
        </div>
      )}
      <h3>{t('attendance.title')}</h3>
      {h.rows.length === 0 ? (
        <p class="quiet">{t('memberPage.noSessions')}</p>
      ) : (
        <>
          <p data-attendance-summary>
            {h.totals['not-recorded']
              ? t('memberPage.cameToUnrecorded', { ...attended, notRecorded: h.totals['not-recorded'] })
              : t('memberPage.cameTo', attended)}
          </p>
          <div class="row">
            <span class="grow quiet">{t('memberPage.oldestFirst')}</span>
            <Button aria-pressed={table} onClick={() => setTable(!table)}>
              {table ? t('memberPage.showPicture') : t('memberPage.showTable')}
            </Button>
          </div>
          {table ? (
            <table data-member-table>
              <thead>
                <tr>
                  <th scope="col">{t('memberPage.session')}</th>
                  <th scope="col">{t('attendance.title')}</th>
                  <th scope="col">{t('memberPage.lateBy')}</th>
                  <th scope="col">{t('memberPage.markers')}</th>
                </tr>
              </thead>
              <tbody>
                {h.rows.map((r) => (
                  <tr key={r.sessionId}>
                    <th scope="row">{day(r.startedAt)}</th>
                    <td>{t(STATUS[r.status].word)}</td>
                    <td>{r.lateMinutes !== null ? t('memberPage.minutes', { minutes: r.lateMinutes }) : '–'}</td>
                    <td>{markerCount(r)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <ol class="attendance-strip" aria-label={t('memberPage.strip')}>
              {h.rows.map((r) => (
                <li key={r.sessionId} class={`att-${r.status}`} title={rowText(r)}>
                  <span aria-hidden="true">{STATUS[r.status].mark}</span>
                  <span class="sr-only">{rowText(r)}</span>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
      <h3>
        <Message id="memberPage.markersAbout" parts={{ name: <bdi>{member.name.split(/\s+/)[0]}</bdi> }} />
      </h3>
      {h.families.length === 0 ? (
        <p class="quiet">{t('memberPage.noMarkers')}</p>
      ) : (
        <ul class="plain family-bars">
          {h.families.map((f) => (
            <li key={f.id}>
              <span class="family-bar-label">{f.label}</span>
              <span
                class="family-bar"
                aria-hidden="true"
                style={`--share:${f.count / most};--hue:${FAMILIES.find((x) => x.id === f.id)?.color ?? '#6b7280'}`}
              />
              <span>{f.count}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('memberPage.records')}</h3>
      <ul class="plain">
        <li>
          {t('memberPage.screening', {
            result: screening
              ? t('memberPage.screeningResult', {
                  decision: RECOMMENDATION_LABEL[finalRecommendation(screening)],
                  date: day(screening.updatedAt),
                })
              : t('memberPage.noneOnRecord'),
          })}
        </li>
        <li>
          {t('memberPage.consent', {
            state:
              page.safety?.consentDate != null
                ? t('memberPage.consentSigned', { date: day(page.safety.consentDate) })
                : t('memberPage.notOnFile'),
          })}
        </li>
        <li>
          {t('memberPage.located', {
            date:
              page.safety?.locationConfirmedAt != null ? day(page.safety.locationConfirmedAt) : t('memberPage.never'),
          })}
        </li>
        <li>
          {t('memberPage.ratings', {
            count: page.measures.length ? t('memberPage.sessions', page.measures.length) : t('memberPage.noRatings'),
          })}
        </li>
      </ul>
    </section>
  );
}
