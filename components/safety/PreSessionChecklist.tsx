import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { useState } from 'preact/hooks';
import { Badge } from '../common/Badge';
import { Button } from '../common/Button';
import { Checkbox } from '../common/Checkbox';
import { SESSION_CHECKS, privatePlaceText, type ChecklistResult, type Reminder } from '../../domain/checklist';
import { jurisdictionWarning } from '../../domain/jurisdiction';
import { emergencyLine, ruleById, type JurisdictionRule } from '../../domain/jurisdictions';
import type { Id } from '../../domain/types';

interface Props {
  checklist: ChecklistResult;
  /** How the group knows each member. */
  names: Readonly<Record<Id, string>>;
  reminders: readonly Reminder[];
  /** One tap: the member said where they are today. */
  onConfirmLocation: (memberId: Id, confirmed: boolean) => void;
  onChange: (c: ChecklistResult) => void;
  /** Opens the emergency card, when the shell offers it. */
  onEmergency?: () => void;
  /** The jurisdiction table with the clinic's entries; the built-in one by default. */
  rules?: readonly JurisdictionRule[] | undefined;
}

/**
 * Before the group starts, what matters now first: each member's location today, one click each, those not
 * yet confirmed at the top. Consent and licence notes sit quietly under each name (they never stop the
 * session); the session's own checks and the words to read aloud are folded below.
 */
export function PreSessionChecklist({
  checklist: c,
  names,
  reminders,
  onConfirmLocation,
  onChange,
  onEmergency,
  rules,
}: Props): JSX.Element {
  const [showText, setShowText] = useState(false);
  const sessionDone = SESSION_CHECKS.filter((s) => c.session[s.key]).length + (c.readAloud ? 1 : 0);
  const sessionTotal = SESSION_CHECKS.length + 1;
  // The order is taken when the list first shows: a row does not jump away from the pointer when it is ticked.
  const [order] = useState(() => [
    ...c.members.filter((m) => !m.locationConfirmed).map((m) => m.memberId),
    ...c.members.filter((m) => m.locationConfirmed).map((m) => m.memberId),
  ]);
  const rank = (id: Id) => {
    const i = order.indexOf(id);
    return i < 0 ? order.length : i;
  };
  const members = [...c.members].sort((a, b) => rank(a.memberId) - rank(b.memberId));
  const unconfirmed = c.members.filter((m) => !m.locationConfirmed).length;
  const nameOf = (id: Id) => names[id] ?? t('checklist.aMember');
  const consentNote = (id: Id) => reminders.find((r) => r.memberId === id && r.kind !== 'location')?.text;
  return (
    <section class="card" aria-labelledby="checklist-title" data-checklist>
      <h2 id="checklist-title">{t('checklist.title')}</h2>
      <p class={unconfirmed ? undefined : 'quiet'} role="status">
        {c.members.length === 0
          ? t('emergency.noMembers')
          : unconfirmed === 0
            ? t('checklist.allConfirmed')
            : t('checklist.ask', { unconfirmed, count: c.members.length })}
      </p>
      {members.length > 0 && (
        <ul class="plain checklist-members" aria-label={t('checklist.members')}>
          {members.map((m) => {
            const note = m.consentOnFile ? consentNote(m.memberId) : undefined;
            return (
              <li key={m.memberId} data-member={m.memberId}>
                <Checkbox
                  id={`chk-loc-${m.memberId}`}
                  label={t('checklist.confirmed', { name: nameOf(m.memberId) })}
                  hint={t('checklist.lastKnown', { location: m.lastKnownLocation || t('checklist.noneOnRecord') })}
                  checked={m.locationConfirmed}
                  onChange={(e) => onConfirmLocation(m.memberId, e.currentTarget.checked)}
                />
                {(!m.consentOnFile || note) && (
                  <p class="hint checklist-note">
                    {m.consentOnFile ? note : <Badge tone="warning">{t('checklist.noConsent')}</Badge>}
                  </p>
                )}
                {jurisdictionWarning(m.jurisdiction) && (
                  <p class="hint checklist-note" data-jurisdiction-warning>
                    <Badge tone="warning">{t('checklist.licence')}</Badge> {jurisdictionWarning(m.jurisdiction)}
                  </p>
                )}
                <JurisdictionNote ruleId={m.jurisdiction.ruleId} rules={rules} />
              </li>
            );
          })}
        </ul>
      )}
      <details class="fold">
        <summary>{t('checklist.sessionChecks', { done: sessionDone, count: sessionTotal })}</summary>
        <fieldset class="plain-fieldset">
          <legend class="sr-only">{t('checklist.thisSession')}</legend>
          {SESSION_CHECKS.map((s) => (
            <Checkbox
              key={s.key}
              id={`chk-session-${s.key}`}
              label={s.label}
              checked={c.session[s.key]}
              onChange={(e) => onChange({ ...c, session: { ...c.session, [s.key]: e.currentTarget.checked } })}
            />
          ))}
          <Button aria-expanded={showText} aria-controls="checklist-read-aloud" onClick={() => setShowText(!showText)}>
            {showText ? t('checklist.hideWords') : t('checklist.showWords')}
          </Button>
          {showText && (
            <blockquote id="checklist-read-aloud" class="spoken">
              {privatePlaceText()}
            </blockquote>
          )}
          <Checkbox
            id="chk-read-aloud"
            label={t('checklist.readAloud')}
            checked={c.readAloud}
            onChange={(e) => onChange({ ...c, readAloud: e.currentTarget.checked })}
          />
        </fieldset>
      </details>
      {onEmergency && <Button onClick={onEmergency}>{t('emergency.title')}</Button>}
    </section>
  );
}

/**
 * The rules where the member is, when the place is in the table: the number to call, what consent asks and how
 * long records are kept there by default.
 */
function JurisdictionNote({
  ruleId,
  rules,
}: {
  ruleId: string | undefined;
  rules: readonly JurisdictionRule[] | undefined;
}): JSX.Element | null {
  const rule = ruleById(ruleId, rules);
  if (!rule) return null;
  return (
    <>
      <p class="hint checklist-note" data-jurisdiction-rule={rule.id}>
        {t('checklist.rule', { place: rule.name, number: emergencyLine(rule) })} {rule.consent}
      </p>
      <p class="hint checklist-note" data-jurisdiction-records>
        {t('jurisdictionText.records', { note: rule.retentionNote })}
      </p>
    </>
  );
}
