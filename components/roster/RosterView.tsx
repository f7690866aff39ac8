import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Group } from '../../domain/types';
import { Button } from '../common/Button';
import { Card } from '../common/Card';
import { Checkbox } from '../common/Checkbox';
import { ConfirmButton } from '../common/ConfirmButton';
import type { SessionApi } from '../session/api';
import { useLive } from '../useLive';
import { CategoriesSection } from './CategoriesSection';
import { GROUP_KINDS, GroupForm } from './GroupForm';
import { PersonForm } from './PersonForm';

/** Groups with their members, and individual clients. */
export function RosterView({ api }: { api: SessionApi }): JSX.Element {
  const groups = useLive(() => api.live.groups(), []).value ?? [];
  const clients = useLive(() => api.live.clients(), []).value ?? [];
  const [editing, setEditing] = useState<string | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const shownGroups = groups.filter((g) => showArchived || !g.archived);
  const shownClients = clients.filter((c) => showArchived || !c.archived);
  return (
    <>
      <Card aria-labelledby="groups-title">
        <div class="row">
          <h2 id="groups-title" class="grow">
            Groups
          </h2>
          <Button onClick={() => setEditing('new-group')}>Add group</Button>
        </div>
        {editing === 'new-group' && <GroupForm onSave={api.roster.saveGroup} onDone={() => setEditing(null)} />}
        {shownGroups.length === 0 && <p class="quiet">No groups yet.</p>}
        {shownGroups.map((g) => (
          <GroupItem key={g.id} api={api} group={g} editing={editing} setEditing={setEditing} />
        ))}
      </Card>
      <Card aria-labelledby="clients-title">
        <div class="row">
          <h2 id="clients-title" class="grow">
            Individual clients
          </h2>
          <Button onClick={() => setEditing('new-client')}>Add client</Button>
        </div>
        {editing === 'new-client' && (
          <PersonForm
            idPrefix="c-new"
            label="Client name or alias"
            onSave={api.roster.saveClient}
            onDone={() => setEditing(null)}
          />
        )}
        {shownClients.length === 0 && <p class="quiet">No individual clients yet.</p>}
        <ul class="plain">
          {shownClients.map((c) => (
            <li key={c.id} class="row">
              <span class="grow">
                {c.name} {c.pronouns && <span class="quiet">({c.pronouns})</span>}{' '}
                {c.archived && <span class="quiet">archived</span>}
              </span>
              <Button onClick={() => void api.roster.setArchived('client', c.id, !c.archived)}>
                {c.archived ? 'Unarchive' : 'Archive'}
              </Button>
              <ConfirmButton
                label="Delete"
                question={`Delete ${c.name} and keep no record?`}
                onConfirm={() => void api.roster.remove('client', c.id)}
              />
            </li>
          ))}
        </ul>
      </Card>
      <CategoriesSection api={api} />
      <Checkbox
        id="show-archived"
        label="Show archived"
        checked={showArchived}
        onChange={(e) => setShowArchived(e.currentTarget.checked)}
      />
    </>
  );
}

interface ItemProps {
  api: SessionApi;
  group: Group;
  editing: string | null;
  setEditing: (s: string | null) => void;
}

function GroupItem({ api, group, editing, setEditing }: ItemProps): JSX.Element {
  const members = useLive(() => api.live.members(group.id), [group.id]).value ?? [];
  return (
    <article class="group" aria-label={group.name}>
      {editing === `g-${group.id}` ? (
        <GroupForm group={group} onSave={api.roster.saveGroup} onDone={() => setEditing(null)} />
      ) : (
        <>
          <div class="row">
            <strong class="grow">
              {group.name}{' '}
              <span class="quiet">
                {GROUP_KINDS.find((k) => k.value === group.kind)?.label ?? group.kind}
                {group.archived ? ', archived' : ''}
              </span>
            </strong>
            <Button onClick={() => setEditing(`g-${group.id}`)}>Edit</Button>
            <Button onClick={() => void api.roster.setArchived('group', group.id, !group.archived)}>
              {group.archived ? 'Unarchive' : 'Archive'}
            </Button>
            <ConfirmButton
              label="Delete"
              question={`Delete ${group.name} and its members?`}
              onConfirm={() => void api.roster.remove('group', group.id)}
            />
          </div>
          {(group.schedule || group.coLeaders.length > 0) && (
            <dl class="group-facts">
              {group.schedule && (
                <div>
                  <dt>Schedule</dt>
                  <dd>{group.schedule}</dd>
                </div>
              )}
              {group.coLeaders.length > 0 && (
                <div>
                  <dt>Co-leaders</dt>
                  <dd>{group.coLeaders.join(', ')}</dd>
                </div>
              )}
            </dl>
          )}
        </>
      )}
      <ul class="plain members">
        {members
          .filter((m) => !m.archived)
          .map((m) =>
            editing === `e-${m.id}` ? (
              <li key={m.id}>
                <PersonForm
                  idPrefix={`e-${m.id}`}
                  label="Member name or alias"
                  initial={m}
                  onSave={(v) => api.roster.saveMember({ ...v, id: m.id, groupId: group.id })}
                  onDone={() => setEditing(null)}
                />
              </li>
            ) : (
              <li key={m.id} class="row">
                <span class="grow">
                  {m.name} {m.pronouns && <span class="quiet">({m.pronouns})</span>}
                </span>
                <Button onClick={() => setEditing(`e-${m.id}`)}>Edit</Button>
                <Button onClick={() => void api.roster.setArchived('member', m.id, true)}>Archive</Button>
              </li>
            ),
          )}
      </ul>
      {editing === `m-${group.id}` ? (
        <PersonForm
          idPrefix={`m-${group.id}`}
          label="Member name or alias"
          onSave={(v) => api.roster.saveMember({ ...v, groupId: group.id })}
          onDone={() => setEditing(null)}
        />
      ) : (
        <Button onClick={() => setEditing(`m-${group.id}`)}>Add member</Button>
      )}
    </article>
  );
}
