import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Client, Group, OwnerKind } from '../../domain/types';
import type { CallInfo, SessionApi } from '../session/api';

interface Props {
  api: SessionApi;
  groups: Group[];
  clients: Client[];
  call: CallInfo | null;
}

/** Start from the detected call (suggesting who met here before) or by hand. */
export function StartSession({ api, groups, clients, call }: Props): JSX.Element {
  const [choice, setChoice] = useState('');
  const [suggested, setSuggested] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!call?.meetingId) return;
    void api.session.suggestOwner(call).then((s) => {
      if (!s) return;
      const v = `${s.ownerKind}:${s.ownerId}`;
      setSuggested(v);
      setChoice((c) => c || v);
    });
  }, [call?.meetingId]);
  const activeGroups = groups.filter((g) => !g.archived);
  const activeClients = clients.filter((c) => !c.archived);
  if (!activeGroups.length && !activeClients.length)
    return <p class="quiet">Add a group or a client first (Groups and clients, below).</p>;
  return (
    <form
      class="card"
      aria-labelledby="start-title"
      onSubmit={async (e) => {
        e.preventDefault();
        const [kind, id] = choice.split(':') as [OwnerKind, string];
        if (!id) return;
        setBusy(true);
        await api.session.start(kind, id, call);
        setBusy(false);
      }}
    >
      <h2 id="start-title">Start a session</h2>
      <div class="field">
        <label for="start-owner">With</label>
        <select id="start-owner" autocomplete="off" value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
          <option value="" disabled>
            Choose a group or client
          </option>
          {activeGroups.length > 0 && (
            <optgroup label="Groups">
              {activeGroups.map((g) => (
                <option key={g.id} value={`group:${g.id}`}>
                  {g.name}
                  {suggested === `group:${g.id}` ? ' (met at this call before)' : ''}
                </option>
              ))}
            </optgroup>
          )}
          {activeClients.length > 0 && (
            <optgroup label="Individual clients">
              {activeClients.map((c) => (
                <option key={c.id} value={`client:${c.id}`}>
                  {c.name}
                  {suggested === `client:${c.id}` ? ' (met at this call before)' : ''}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      <button type="submit" class="primary" disabled={!choice || busy}>
        Start session
      </button>
    </form>
  );
}
