import type { JSX } from 'preact';
import { sessionDate } from '../../domain/clock';
import { t } from '../../util/i18n';
import { Message } from '../common/Message';
import { Field } from '../common/Field';
import { Button } from '../common/Button';
import { useEffect, useState } from 'preact/hooks';
import type { SessionApi } from '../session/api';
import type { HistoryApi, SearchHit, SessionSummary } from './api';
import type { MemberPageApi } from './member-api';
import { MemberPage } from './MemberPage';
import { SessionDetail } from './SessionDetail';

/** A session as the list names it: its group's or client's name (kept apart from the sentence) and its date. */
function SessionName({ summary }: { summary: Pick<SessionSummary, 'ownerName' | 'startedAt'> }) {
  return (
    <Message
      id="history.sessionLink"
      parts={{ owner: <bdi>{summary.ownerName}</bdi>, date: <bdi>{sessionDate(summary.startedAt)}</bdi> }}
    />
  );
}

/** Past sessions per group or client, and search across every note and marker; a past session's notes stay editable. */
export function HistoryView({ api, notes }: { api: HistoryApi; notes?: SessionApi['notes'] }): JSX.Element {
  const members = api.members;
  const [sessions, setSessions] = useState<SessionSummary[] | undefined>();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[] | undefined>();
  const [open, setOpen] = useState<string | null>(null);
  const [owner, setOwner] = useState('');
  const [counts, setCounts] = useState<Map<string, number> | undefined>();
  useEffect(() => {
    void api.sessions().then((s) => {
      setSessions(s);
      api.warm();
      void api.markerCounts().then(setCounts);
    });
  }, [api]);
  useEffect(() => {
    const q = query.trim();
    if (!q) return setHits(undefined);
    const timer = setTimeout(() => void api.search(q).then(setHits), 150);
    return () => clearTimeout(timer);
  }, [query]);
  const [member, setMember] = useState<string | null>(null);
  const owners = [...new Map((sessions ?? []).map((s) => [s.ownerId, s.ownerName])).entries()];
  // The member pages belong to one group: the one chosen, or the only one there is.
  const groupId = owner || (owners.length === 1 ? owners[0]![0] : '');
  const isGroup = !!groupId && (sessions ?? []).some((s) => s.ownerId === groupId && s.ownerKind === 'group');
  if (open) return <SessionDetail api={api} notes={notes} sessionId={open} onBack={() => setOpen(null)} />;
  if (member && members) return <MemberPage api={members} memberId={member} onBack={() => setMember(null)} />;
  const shown = (sessions ?? []).filter((s) => !owner || s.ownerId === owner);
  const byId = new Map((sessions ?? []).map((s) => [s.id, s]));
  return (
    <section class="card" aria-labelledby="history-title">
      <h2 id="history-title">{t('history.title')}</h2>
      <Field
        id="search"
        label={t('history.search')}
        type="search"
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      {hits && (
        <ul class="plain hits" aria-label={t('history.results')}>
          {hits.length === 0 && <li class="quiet">{t('history.nothingFound')}</li>}
          {hits.slice(0, 50).map((h, i) => (
            <li key={i}>
              <Button variant="link" onClick={() => setOpen(h.sessionId)}>
                {byId.has(h.sessionId) ? <SessionName summary={byId.get(h.sessionId)!} /> : t('history.aSession')}
              </Button>{' '}
              <span class="quiet">{h.kind === 'note' ? t('history.hitNote') : t('history.hitMarker')}</span>{' '}
              <span class="snippet">{h.snippet}</span>
            </li>
          ))}
        </ul>
      )}
      {!hits && (
        <>
          {owners.length > 1 && (
            <Field
              as="select"
              id="history-owner"
              label={t('history.owner')}
              value={owner}
              onChange={(e) => setOwner(e.currentTarget.value)}
            >
              <option value="">{t('history.allOwners')}</option>
              {owners.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </Field>
          )}
          {members && isGroup && <MemberChooser api={members} groupId={groupId} onOpen={setMember} />}
          {sessions === undefined && <p class="quiet">{t('common.opening')}</p>}
          {sessions?.length === 0 && <p class="quiet">{t('history.noSessions')}</p>}
          <ul class="plain sessions">
            {shown.map((s) => (
              <li key={s.id}>
                <Button variant="link" onClick={() => setOpen(s.id)}>
                  <SessionName summary={s} />
                </Button>{' '}
                <span class="quiet">
                  {counts ? t('history.markers', counts.get(s.id) ?? 0) : ''}
                  {s.endedAt ? '' : t('history.inProgress')}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** A group's members, to open one's page across sessions. */
function MemberChooser({
  api,
  groupId,
  onOpen,
}: {
  api: MemberPageApi;
  groupId: string;
  onOpen: (id: string) => void;
}) {
  const [list, setList] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    let live = true;
    void api.members(groupId).then((ms) => live && setList(ms));
    return () => void (live = false);
  }, [groupId]);
  if (list.length === 0) return null;
  return (
    <Field
      as="select"
      id="history-member"
      label={t('history.eachMember')}
      value=""
      onChange={(e) => {
        const id = e.currentTarget.value;
        if (id) onOpen(id);
      }}
    >
      <option value="">{t('history.chooseMember')}</option>
      {list.map((m) => (
        <option key={m.id} value={m.id}>
          {m.name}
        </option>
      ))}
    </Field>
  );
}
