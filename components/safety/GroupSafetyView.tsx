import { Badge } from '../common/Badge';
import { isolate, t } from '../../util/i18n';
import { Message } from '../common/Message';
import { Button } from '../common/Button';
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { groupTrend } from '../../domain/gcq';
import { emptySafety } from '../../domain/safety';
import { RECOMMENDATION_LABEL, finalRecommendation } from '../../domain/screening';
import type { Group, Id, Member } from '../../domain/types';
import { useLive } from '../useLive';
import type { SafetyApi } from './api';
import { MemberSafetyEditor } from './MemberSafetyEditor';
import { ScreeningFormView } from './ScreeningFormView';
import { TrendChart } from './TrendChart';

interface Props {
  api: SafetyApi;
  group: Group;
  members: readonly Member[];
}

type Open = { memberId: Id; what: 'record' | 'screening' } | null;

/** Between sessions, per group: each member's safety record and screening, and the climate trend. */
export function GroupSafetyView({ api, group, members }: Props): JSX.Element {
  const [open, setOpen] = useState<Open>(null);
  const records = useLive(() => api.live.groupSafety(group.id), [group.id]);
  const measures = useLive(() => api.live.measures(group.id), [group.id]);
  const screening = useLive(() => api.live.screenings(open?.memberId ?? ''), [open?.memberId]);
  const recordOf = (id: Id) => records.value?.find((r) => r.id === id);
  return (
    <section class="card" aria-labelledby="group-safety-title">
      <h2 id="group-safety-title">
        <Message id="groupSafety.title" parts={{ name: <bdi>{group.name}</bdi> }} />
      </h2>
      <ul class="plain safety-members">
        {members.map((m) => {
          const r = recordOf(m.id);
          return (
            <li key={m.id}>
              <div class="row">
                <span class="grow">
                  {m.name}
                  {!r?.consentDate && (
                    <>
                      {' '}
                      <Badge tone="warning">{t('groupSafety.noConsent')}</Badge>
                    </>
                  )}
                </span>
                <Button
                  aria-expanded={open?.memberId === m.id && open.what === 'record'}
                  onClick={() => setOpen({ memberId: m.id, what: 'record' })}
                >
                  {t('groupSafety.record')}
                </Button>
                <Button
                  aria-expanded={open?.memberId === m.id && open.what === 'screening'}
                  onClick={() => setOpen({ memberId: m.id, what: 'screening' })}
                >
                  {t('groupSafety.screening')}
                </Button>
              </div>
              {open?.memberId === m.id && open.what === 'record' && (
                <MemberSafetyEditor
                  key={m.id}
                  memberName={m.name}
                  record={r ?? emptySafety(m.id, group.id)}
                  onSave={(s) => api.saveSafety(s)}
                  onDone={() => setOpen(null)}
                />
              )}
              {open?.memberId === m.id && open.what === 'screening' && screening.value && (
                <>
                  {screening.value[0]?.confirmed && (
                    <p class="quiet">
                      {t('groupSafety.latestDecision', {
                        decision: RECOMMENDATION_LABEL[finalRecommendation(screening.value[0])],
                      })}
                    </p>
                  )}
                  <ScreeningFormView
                    key={screening.value[0]?.id ?? 'new'}
                    memberName={m.name}
                    form={screening.value[0] ?? api.newScreening(m.id)}
                    onSave={(f) => api.saveScreening(f)}
                  />
                </>
              )}
            </li>
          );
        })}
      </ul>
      <TrendChart groupName={group.name} points={groupTrend(measures.value ?? [], api.gcqConfig.mapping)} />
      <TrendChart
        groupName={t('groupSafety.alliance', { name: isolate(group.name) })}
        points={groupTrend(measures.value ?? [], api.gcqConfig.mapping)}
        series={['goal', 'task', 'bond']}
      />
    </section>
  );
}
