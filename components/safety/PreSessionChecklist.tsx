import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import {
  PRIVATE_PLACE_TEXT,
  SESSION_CHECKS,
  checklistProgress,
  type ChecklistResult,
  type Reminder,
} from '../../domain/checklist';
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
 * Before the group starts: one row per member, the session's own checks, and
 * the words to read aloud. Licence warnings are shown and never stop the
 * session.
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
  const { done, total } = checklistProgress(c);
  const nameOf = (id: Id) => names[id] ?? 'A member';
  const consentNote = (id: Id) => reminders.find((r) => r.memberId === id && r.kind !== 'location')?.text;
  return (
    <section class="card" aria-labelledby="checklist-title" data-checklist>
      <h2 id="checklist-title">Before the session</h2>
      <p class="quiet" role="status">
        {done} of {total} checks done.
      </p>
      {c.members.length > 0 && (
        <ul aria-label="Members">
          {c.members.map((m) => {
            const cid = `chk-loc-${m.memberId}`;
            return (
              <li key={m.memberId} data-member={m.memberId}>
                <div class="row">
                  <input
                    id={cid}
                    type="checkbox"
                    checked={m.locationConfirmed}
                    aria-describedby={`${cid}-last`}
                    onChange={(e) => onConfirmLocation(m.memberId, e.currentTarget.checked)}
                  />
                  <label for={cid} class="grow">
                    {nameOf(m.memberId)}: location confirmed this session
                  </label>
                </div>
                <p class="hint" id={`${cid}-last`}>
                  Last known: {m.lastKnownLocation || 'none on record'}
                </p>
                <p class={m.consentOnFile ? 'quiet' : 'warning'}>
                  {m.consentOnFile
                    ? (consentNote(m.memberId) ?? 'Consent on file.')
                    : 'No consent for online work on file.'}
                </p>
                {!m.jurisdiction.ok && m.jurisdiction.warning && (
                  <p class="warning" data-jurisdiction-warning>
                    {m.jurisdiction.warning}
                  </p>
                )}
                <JurisdictionNote ruleId={m.jurisdiction.ruleId} rules={rules} />
              </li>
            );
          })}
        </ul>
      )}
      <fieldset class="plain-fieldset">
        <legend>This session</legend>
        {SESSION_CHECKS.map((s) => (
          <label class="row" key={s.key}>
            <input
              type="checkbox"
              checked={c.session[s.key]}
              onChange={(e) => onChange({ ...c, session: { ...c.session, [s.key]: e.currentTarget.checked } })}
            />
            {s.label}
          </label>
        ))}
      </fieldset>
      <div>
        <button
          type="button"
          aria-expanded={showText}
          aria-controls="checklist-read-aloud"
          onClick={() => setShowText(!showText)}
        >
          {showText ? 'Hide' : 'Show'} the words to read aloud
        </button>
        {showText && (
          <blockquote id="checklist-read-aloud" class="spoken">
            {PRIVATE_PLACE_TEXT}
          </blockquote>
        )}
        <label class="row">
          <input
            type="checkbox"
            checked={c.readAloud}
            onChange={(e) => onChange({ ...c, readAloud: e.currentTarget.checked })}
          />
          Read aloud to the group
        </label>
      </div>
      {onEmergency && (
        <button type="button" onClick={onEmergency}>
          Emergency card
        </button>
      )}
    </section>
  );
}

/** The rules where the member is, when the place is in the table: the number to call and what consent asks. */
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
    <p class="hint" data-jurisdiction-rule={rule.id}>
      {rule.name}: emergency {emergencyLine(rule)}. {rule.consent}
    </p>
  );
}
