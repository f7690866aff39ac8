import type { JSX } from 'preact';
import { t } from '../../util/i18n';
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
            {t('roster.groups')}
          </h2>
          <Button onClick={() => setEditing('new-group')}>{t('roster.addGroup')}</Button>
        </div>
        {editing === 'new-group' && <GroupForm onSave={api.roster.saveGroup} onDone={() => setEditing(null)} />}
        {shownGroups.length === 0 && <p class="quiet">{t('roster.noGroups')}</p>}
        {shownGroups.map((g) => (
          <GroupItem key={g.id} api={api} group={g} editing={editing} setEditing={setEditing} />
        ))}
      </Card>
      <Card aria-labelledby="clients-title">
        <div class="row">
          <h2 id="clients-title" class="grow">
            {t('roster.clients')}
          </h2>
          <Button onClick={() => setEditing('new-client')}>{t('roster.addClient')}</Button>
        </div>
        {editing === 'new-client' && (
          <PersonForm
            idPrefix="c-new"
            label={t('roster.clientName')}
            onSave={api.roster.saveClient}
            onDone={() => setEditing(null)}
          />
        )}
        {shownClients.length === 0 && <p class="quiet">{t('roster.noClients')}</p>}
        <ul class="plain">
          {shownClients.map((c) => (
            <li key={c.id} class="row">
              <span class="grow">
                <bdi>{c.name}</bdi> {c.pronouns && <span class="quiet">({c.pronouns})</span>}{' '}
                {c.archived && <span class="quiet">{t('roster.archived')}</span>}
              </span>
              <Button onClick={() => void api.roster.setArchived('client', c.id, !c.archived)}>
                {c.archived ? t('roster.unarchive') : t('roster.archive')}
              </Button>
              <ConfirmButton
                label={t('common.delete')}
                question={t('roster.deleteClient', { name: c.name })}
                onConfirm={() => void api.roster.remove('client', c.id)}
              />
            </li>
          ))}
        </ul>
      </Card>
      <CategoriesSection api={api} />
      <Checkbox
        id="show-archived"
        label={t('roster.showArchived')}
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
              <bdi>{group.name}</bdi>{' '}
              <span class="quiet">
                {t(GROUP_KINDS.find((k) => k.value === group.kind)?.name ?? 'groupForm.closed')}
                {group.archived ? t('roster.archivedSuffix') : ''}
              </span>
            </strong>
            <Button onClick={() => setEditing(`g-${group.id}`)}>{t('roster.edit')}</Button>
            <Button onClick={() => void api.roster.setArchived('group', group.id, !group.archived)}>
              {group.archived ? t('roster.unarchive') : t('roster.archive')}
            </Button>
            <ConfirmButton
              label={t('common.delete')}
              question={t('roster.deleteGroup', { name: group.name })}
              onConfirm={() => void api.roster.remove('group', group.id)}
            />
          </div>
          {(group.schedule || group.coLeaders.length > 0) && (
            <dl class="group-facts">
              {group.schedule && (
                <div>
                  <dt>{t('groupForm.schedule')}</dt>
                  <dd>{group.schedule}</dd>
                </div>
              )}
              {group.coLeaders.length > 0 && (
                <div>
                  <dt>{t('groupForm.coleaders')}</dt>
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
                  label={t('roster.memberName')}
                  initial={m}
                  onSave={(v) => api.roster.saveMember({ ...v, id: m.id, groupId: group.id })}
                  onDone={() => setEditing(null)}
                />
              </li>
            ) : (
              <li key={m.id} class="row">
                <span class="grow">
                  <bdi>{m.name}</bdi> {m.pronouns && <span class="quiet">({m.pronouns})</span>}
                </span>
                <Button onClick={() => setEditing(`e-${m.id}`)}>{t('roster.edit')}</Button>
                <Button onClick={() => void api.roster.setArchived('member', m.id, true)}>{t('roster.archive')}</Button>
              </li>
            ),
          )}
      </ul>
      {editing === `m-${group.id}` ? (
        <PersonForm
          idPrefix={`m-${group.id}`}
          label={t('roster.memberName')}
          onSave={(v) => api.roster.saveMember({ ...v, groupId: group.id })}
          onDone={() => setEditing(null)}
        />
      ) : (
        <Button onClick={() => setEditing(`m-${group.id}`)}>{t('roster.addMember')}</Button>
      )}
    </article>
  );
}
