import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { useState } from 'preact/hooks';
import { PLATFORMS } from '../../calls/platforms';
import type { Group } from '../../domain/types';
import type { SessionApi } from '../session/api';
import { useLive } from '../useLive';
import type { SafetyApi } from './api';
import { GroupSafetyView } from './GroupSafetyView';
import { LeaderProfileEditor } from './LeaderProfileEditor';
import { Field } from '../common/Field';

/** Between sessions: the leader's licences and platforms, and each group's safety records, screening and climate. */
export function SafetyView({
  safety,
  api,
  groups,
}: {
  safety: SafetyApi;
  api: SessionApi;
  groups: Group[];
}): JSX.Element {
  const active = groups.filter((g) => !g.archived);
  const [groupId, setGroupId] = useState(active[0]?.id ?? '');
  const group = active.find((g) => g.id === groupId);
  const members = useLive(() => api.live.members(groupId), [groupId]).value ?? [];
  const profile = useLive(() => safety.live.leaderProfile(), []).value;
  return (
    <>
      {profile && (
        <LeaderProfileEditor
          profile={profile}
          platforms={PLATFORMS.map((p) => ({ code: p.id, label: p.label }))}
          onSave={safety.saveLeaderProfile}
        />
      )}
      {active.length > 0 && (
        <Field
          as="select"
          id="safety-group"
          label={t('safety.group')}
          value={groupId}
          onChange={(e) => setGroupId(e.currentTarget.value)}
        >
          {active.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </Field>
      )}
      {group && <GroupSafetyView api={safety} group={group} members={members} />}
    </>
  );
}
