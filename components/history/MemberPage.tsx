import type { JSX } from 'preact';
import { Button } from '../common/Button';
import { useEffect, useState } from 'preact/hooks';
import { FAMILIES } from '../../domain/categories';
import type { MemberSessionRow } from '../../domain/member-history';
import { RECOMMENDATION_LABEL, finalRecommendation } from '../../domain/screening';
import type { Id } from '../../domain/types';
import type { MemberPage as Page, MemberPageApi } from './member-api';

const day = (t: number) => new Date(t).toLocaleDateString(undefined, { dateStyle: 'medium' });

/** Attendance as a letter and a word, so the picture never relies on colour alone. */
const STATUS: Record<MemberSessionRow['status'], { mark: string; word: string }> = {
  present: { mark: '✓', word: 'Present' },
  late: { mark: 'L', word: 'Late' },
  'left-early': { mark: 'E', word: 'Left early' },
  absent: { mark: '✕', word: 'Absent' },
  'not-recorded': { mark: '·', word: 'Not recorded' },
};

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function rowText(r: MemberSessionRow): string {
  const late = r.lateMinutes !== null ? `, ${r.lateMinutes} min late` : '';
  const n = Object.values(r.byFamily).reduce((a, b) => a + b, 0);
  return `${day(r.startedAt)}: ${STATUS[r.status].word}${late}; ${plural(n, 'marker')}`;
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
  const load = () =>
    api.load(memberId).then(setPage, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  useEffect(() => void load(), [memberId]);
  const back = (
    <Button variant="link" onClick={onBack}>
      Back to history
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
  if (!page) return <p class="quiet">Opening…</p>;
  const { member, history: h } = page;
  const came = h.totals.present + h.totals.late + h.totals['left-early'];
  const counted = h.rows.length - h.totals['not-recorded'];
  const most = Math.max(1, ...h.families.map((f) => f.count));
  const screening = page.screenings[0];
  return (
    <section class="card member-page" aria-labelledby="member-page-title" data-member-page>
      {back}
      <h2 id="member-page-title">
        <bdi>{member.name}</bdi> across sessions
      </h2>
      <p class="quiet">
        <bdi>{page.groupName}</bdi>, {plural(h.rows.length, 'session')}
        {h.rows.length ? `, ${day(h.rows[0]!.startedAt)} to ${day(h.rows[h.rows.length - 1]!.startedAt)}` : ''}.
      </p>
      {h.flag && (
        <div class="member-flag" role="note" data-member-flag={h.flag.kind}>
          <p>{h.flag.text}</p>
          <Button onClick={() => void api.dismissFlag(member.id, h.flag!.through).then(load, () => undefined)}>
            Dismiss
          </Button>
        </div>
      )}
      <h3>Attendance</h3>
      {h.rows.length === 0 ? (
        <p class="quiet">No sessions of this group yet.</p>
      ) : (
        <>
          <p data-attendance-summary>
            Came to {came} of {counted} recorded sessions ({h.totals.late} late, {h.totals['left-early']} left early);
            missed {h.totals.absent}
            {h.totals['not-recorded'] ? `; ${h.totals['not-recorded']} not recorded` : ''}.
          </p>
          <div class="row">
            <span class="grow quiet">Oldest first</span>
            <Button aria-pressed={table} onClick={() => setTable(!table)}>
              {table ? 'Show picture' : 'Show table'}
            </Button>
          </div>
          {table ? (
            <table data-member-table>
              <thead>
                <tr>
                  <th scope="col">Session</th>
                  <th scope="col">Attendance</th>
                  <th scope="col">Late by</th>
                  <th scope="col">Markers</th>
                </tr>
              </thead>
              <tbody>
                {h.rows.map((r) => (
                  <tr key={r.sessionId}>
                    <th scope="row">{day(r.startedAt)}</th>
                    <td>{STATUS[r.status].word}</td>
                    <td>{r.lateMinutes !== null ? `${r.lateMinutes} min` : '–'}</td>
                    <td>{Object.values(r.byFamily).reduce((a, b) => a + b, 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <ol class="attendance-strip" aria-label="Attendance by session, oldest first">
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
      <h3>Markers about {member.name.split(/\s+/)[0]}</h3>
      {h.families.length === 0 ? (
        <p class="quiet">No markers name this member.</p>
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
      <h3>Records</h3>
      <ul class="plain">
        <li>
          Screening:{' '}
          {screening
            ? `${RECOMMENDATION_LABEL[finalRecommendation(screening)]} (${day(screening.updatedAt)})`
            : 'none on record'}
        </li>
        <li>
          Consent for online work:{' '}
          {page.safety?.consentDate != null ? `signed ${day(page.safety.consentDate)}` : 'not on file'}
        </li>
        <li>
          Location last confirmed:{' '}
          {page.safety?.locationConfirmedAt != null ? day(page.safety.locationConfirmedAt) : 'never'}
        </li>
        <li>Their own climate ratings: {page.measures.length ? plural(page.measures.length, 'session') : 'none'}</li>
      </ul>
    </section>
  );
}
