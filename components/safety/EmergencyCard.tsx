import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { useState } from 'preact/hooks';
import { emergencyLine, parsePlace, ruleFor, type JurisdictionRule } from '../../domain/jurisdictions';
import type { MemberSafety } from '../../domain/safety';
import type { Id } from '../../domain/types';
import { Badge } from '../common/Badge';
import { Button } from '../common/Button';
import { useFocusOnMount } from '../common/useFocusOnMount';

interface Props {
  members: readonly { id: Id; name: string; safety?: MemberSafety; locationConfirmed?: boolean }[];
  onClose: () => void;
  /** Records a risk moment in the session's timeline; absent where there is no session to record in. */
  onRecordRisk?: (() => Promise<unknown>) | undefined;
  /** The jurisdiction table with the clinic's entries; the built-in one by default. */
  rules?: readonly JurisdictionRule[] | undefined;
  /** The safety records are still being read: say so, not "not on record". */
  loading?: boolean;
}

/**
 * Where each member is and whom to call, on one screen, for the moment
 * something goes wrong. The heading takes the focus so that a screen reader
 * starts here; Escape closes it.
 */
export function EmergencyCard({ members, onClose, onRecordRisk, rules, loading }: Props): JSX.Element {
  const unknown = loading ? t('common.opening') : t('emergency.notOnRecord');
  const ref = useFocusOnMount<HTMLHeadingElement>();
  const [recorded, setRecorded] = useState<'no' | 'saving' | 'yes' | 'failed'>('no');
  const record = () => {
    // A second press while saving records nothing more; the button stays enabled so the focus stays on the card.
    if (!onRecordRisk || recorded === 'saving') return;
    setRecorded('saving');
    onRecordRisk().then(
      () => setRecorded('yes'),
      () => setRecorded('failed'),
    );
  };
  return (
    <section
      class="card safety"
      role="dialog"
      aria-modal="false"
      aria-labelledby="emergency-title"
      data-emergency-card
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <h2 id="emergency-title" tabIndex={-1} ref={ref}>
        {t('emergency.title')}
      </h2>
      <p class="hint">{t('emergency.hint')}</p>
      {members.length === 0 && <p class="quiet">{t('emergency.noMembers')}</p>}
      <dl>
        {members.map((m) => (
          <div key={m.id} data-member={m.id}>
            <dt>
              <strong>
                <bdi>{m.name}</bdi>
              </strong>
              {m.locationConfirmed === false && (
                <>
                  {' '}
                  <Badge tone="danger">{t('emergency.notConfirmed')}</Badge>
                </>
              )}
            </dt>
            <dd>
              {t('emergency.location', { location: m.safety?.location || unknown })}
              {m.safety?.region ? ` (${m.safety.region})` : ''}
            </dd>
            <dd>{t('emergency.contact', { contact: m.safety?.emergencyContact || unknown })}</dd>
            <EmergencyNumber region={m.safety?.region ?? ''} rules={rules} />
          </div>
        ))}
      </dl>
      <div class="row">
        {onRecordRisk && <Button onClick={record}>{t('emergency.recordRisk')}</Button>}
        <Button onClick={onClose}>{t('emergency.close')}</Button>
      </div>
      <p class="quiet" role="status">
        {recorded === 'yes' && t('emergency.recorded')}
        {recorded === 'failed' && t('emergency.recordFailed')}
      </p>
    </section>
  );
}

/** The emergency number where the member is, when their region is in the jurisdiction table. */
function EmergencyNumber({
  region,
  rules,
}: {
  region: string;
  rules: readonly JurisdictionRule[] | undefined;
}): JSX.Element | null {
  const rule = region.trim() ? ruleFor(parsePlace(region, rules).country, rules) : undefined;
  if (!rule) return null;
  return <dd data-emergency-number>{t('emergency.number', { number: emergencyLine(rule), place: rule.name })}</dd>;
}
