import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { useEffect, useState } from 'preact/hooks';
import type { Reminder } from '../../domain/checklist';
import type { Member, Session } from '../../domain/types';
import { useLive } from '../useLive';
import type { SafetyApi } from './api';
import { EmergencyCard } from './EmergencyCard';
import { MeasureForm } from './MeasureForm';
import { PreSessionChecklist } from './PreSessionChecklist';
import { shownError } from '../../util/user-error';

interface Props {
  api: SafetyApi;
  session: Session;
  /** The group's members, or the client as the one person. */
  people: readonly Pick<Member, 'id' | 'name'>[];
  /** Open the emergency card now (the shell's shortcut sets it). */
  emergencyOpen?: boolean;
  onEmergencyClosed?: () => void;
  /**
   * Records a risk moment in the timeline. Only the leader's explicit choice
   * on the card does this: opening the card to look is not a crisis.
   */
  recordRisk?: () => Promise<unknown>;
}

/**
 * The session's safety tab: the checklist, the emergency card, and for
 * groups the climate rating. Prepares the checklist when it opens.
 */
export function SessionSafetyTab({
  api,
  session,
  people,
  emergencyOpen,
  onEmergencyClosed,
  recordRisk,
}: Props): JSX.Element {
  const ids = people.map((p) => p.id);
  const [error, setError] = useState('');
  const [card, setCard] = useState(false);
  const [reminders, setReminders] = useState<Reminder[]>([]);
  useEffect(() => {
    api.prepareChecklist(session, ids).catch((e: unknown) => setError(shownError(e)));
  }, [session.id, ids.join()]);
  const checklist = useLive(() => api.live.checklist(session.id), [session.id]);
  const records = useLive(() => api.live.groupSafety(session.ownerId), [session.ownerId]);
  useEffect(() => {
    if (checklist.value) void api.reminders(checklist.value).then(setReminders);
  }, [checklist.value]);
  const names = Object.fromEntries(people.map((p) => [p.id, p.name]));
  const close = () => {
    setCard(false);
    onEmergencyClosed?.();
  };
  const confirmed = new Map(checklist.value?.members.map((m) => [m.memberId, m.locationConfirmed]));
  return (
    <div class="stack">
      {(error || checklist.error) && (
        <p class="error" role="alert">
          {error || checklist.error}
        </p>
      )}
      {(card || emergencyOpen) && (
        <EmergencyCard
          members={people.map((p) => ({
            id: p.id,
            name: p.name,
            safety: records.value?.find((r) => r.id === p.id),
            locationConfirmed: confirmed.get(p.id),
          }))}
          onClose={close}
          onRecordRisk={recordRisk}
          rules={api.jurisdictions}
          loading={!records.loaded}
        />
      )}
      {checklist.value && (
        <PreSessionChecklist
          checklist={checklist.value}
          names={names}
          reminders={reminders}
          onConfirmLocation={(memberId, ok) =>
            void api.confirmLocation(session.id, memberId, ok).catch((e: unknown) => setError(String(e)))
          }
          onChange={(c) => void api.saveChecklist(c).catch((e: unknown) => setError(String(e)))}
          onEmergency={() => setCard(true)}
          rules={api.jurisdictions}
        />
      )}
      {session.ownerKind === 'group' && (
        <details class="fold card">
          <summary>{t('safety.climateFold')}</summary>
          <MeasureForm
            config={api.gcqConfig}
            members={people}
            onSave={(m) => api.saveMeasure(session, m)}
            onOpenSettings={api.openSettings}
          />
        </details>
      )}
    </div>
  );
}
