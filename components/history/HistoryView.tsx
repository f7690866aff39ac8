import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { SessionApi } from '../session/api';
import type { HistoryApi, SearchHit, SessionSummary } from './api';
import type { MemberPageApi } from './member-api';
import { MemberPage } from './MemberPage';
import { SessionDetail } from './SessionDetail';

const when = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

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
    const t = setTimeout(() => void api.search(q).then(setHits), 150);
    return () => clearTimeout(t);
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
      <h2 id="history-title">History</h2>
      <div class="field">
        <label for="search">Search notes and markers</label>
        <input
          id="search"
          type="search"
          autocomplete="off"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
      </div>
      {hits && (
        <ul class="plain hits" aria-label="Search results">
          {hits.length === 0 && <li class="quiet">Nothing found.</li>}
          {hits.slice(0, 50).map((h, i) => (
            <li key={i}>
              <button type="button" class="link" onClick={() => setOpen(h.sessionId)}>
                {byId.get(h.sessionId)?.ownerName ?? 'Session'},{' '}
                {byId.has(h.sessionId) ? when(byId.get(h.sessionId)!.startedAt) : ''}
              </button>{' '}
              <span class="quiet">{h.kind === 'note' ? 'note' : 'marker'}:</span>{' '}
              <span class="snippet">{h.snippet}</span>
            </li>
          ))}
        </ul>
      )}
      {!hits && (
        <>
          {owners.length > 1 && (
            <div class="field">
              <label for="history-owner">Group or client</label>
              <select
                id="history-owner"
                autocomplete="off"
                value={owner}
                onChange={(e) => setOwner(e.currentTarget.value)}
              >
                <option value="">All</option>
                {owners.map(([id, name]) => (
                  <option key={id} value={id}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          )}
          {members && isGroup && <MemberChooser api={members} groupId={groupId} onOpen={setMember} />}
          {sessions === undefined && <p class="quiet">Opening…</p>}
          {sessions?.length === 0 && <p class="quiet">No sessions yet.</p>}
          <ul class="plain sessions">
            {shown.map((s) => (
              <li key={s.id}>
                <button type="button" class="link" onClick={() => setOpen(s.id)}>
                  {s.ownerName}, {when(s.startedAt)}
                </button>{' '}
                <span class="quiet">
                  {counts ? `${counts.get(s.id) ?? 0} markers` : ''}
                  {s.endedAt ? '' : ', in progress'}
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
    <div class="field">
      <label for="history-member">Each member across sessions</label>
      <select
        id="history-member"
        autocomplete="off"
        value=""
        onChange={(e) => {
          const id = e.currentTarget.value;
          if (id) onOpen(id);
        }}
      >
        <option value="">Choose a member…</option>
        {list.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </div>
  );
}
