import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import {
  MAY_BENEFIT_CRITERIA,
  NOT_ONLINE_CRITERIA,
  READINESS_QUESTIONS,
  RECOMMENDATION_LABEL,
  confirmDerived,
  finalRecommendation,
  overrideDerived,
  withAnswers,
  type Question,
  type Recommendation,
  type ScreeningAnswers,
  type ScreeningForm,
} from '../../domain/screening';
import { Button } from '../common/Button';
import { Checkbox } from '../common/Checkbox';
import { Field } from '../common/Field';

interface Props {
  memberName: string;
  form: ScreeningForm;
  onSave: (f: ScreeningForm) => Promise<unknown>;
  now?: () => number;
}

type Section = keyof ScreeningAnswers;
const CHOICES: Record<Section, readonly { value: string; label: string }[]> = {
  readiness: [
    { value: 'yes', label: 'Yes' },
    { value: 'partly', label: 'Partly' },
    { value: 'no', label: 'No' },
  ],
  notOnline: [
    { value: 'yes', label: 'Yes' },
    { value: 'no', label: 'No' },
  ],
  mayBenefit: [
    { value: 'yes', label: 'Yes' },
    { value: 'no', label: 'No' },
  ],
};
const DECISIONS = (['suitable-online', 'consider-in-person', 'not-suitable-online'] as const).map((r) => ({
  value: r,
  label: RECOMMENDATION_LABEL[r],
}));

/**
 * Pre-group screening for an online group. The suggestion and its reasons
 * update as questions are answered; the clinician confirms it or overrides
 * it with a reason. Nothing is decided by the form alone.
 */
export function ScreeningFormView({ memberName, form, onSave, now = Date.now }: Props): JSX.Element {
  const [f, setF] = useState(form);
  const [overriding, setOverriding] = useState(false);
  const [choice, setChoice] = useState<Exclude<Recommendation, 'incomplete'>>(
    f.override?.recommendation ?? 'consider-in-person',
  );
  const [rationale, setRationale] = useState(f.override?.rationale ?? '');
  const [message, setMessage] = useState('');
  const id = `screen-${f.id}`;

  const answer = (section: Section, key: string, value: string) =>
    setF(withAnswers(f, { ...f.answers, [section]: { ...f.answers[section], [key]: value } }, now()));
  const save = async (next: ScreeningForm) => {
    try {
      await onSave(next);
      setF(next);
      setMessage('Saved.');
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  const group = (section: Section, title: string, questions: readonly Question<string>[]) => (
    <fieldset class="plain-fieldset">
      <legend>{title}</legend>
      {questions.map((q) => (
        <div
          class="field"
          key={q.key}
          role="radiogroup"
          aria-labelledby={`${id}-${q.key}`}
          aria-describedby={q.help ? `${id}-${q.key}-help` : undefined}
        >
          <span id={`${id}-${q.key}`}>{q.label}</span>
          {q.help && (
            <span class="hint" id={`${id}-${q.key}-help`}>
              {' '}
              {q.help}
            </span>
          )}
          <div class="row choices">
            {CHOICES[section].map((c) => (
              <Checkbox
                kind="radio"
                key={c.value}
                id={`${id}-${q.key}-${c.value}`}
                label={c.label}
                name={`${id}-${q.key}`}
                value={c.value}
                checked={(f.answers[section] as Record<string, string | undefined>)[q.key] === c.value}
                onChange={() => answer(section, q.key, c.value)}
              />
            ))}
          </div>
        </div>
      ))}
    </fieldset>
  );

  const final = finalRecommendation(f);
  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Screening for an online group: {memberName}</h3>
      {group('readiness', 'Ready for a group', READINESS_QUESTIONS)}
      {group('notOnline', 'Speaks against meeting online', NOT_ONLINE_CRITERIA)}
      {group('mayBenefit', 'May gain from meeting online', MAY_BENEFIT_CRITERIA)}
      <Field
        as="textarea"
        id={`${id}-notes`}
        label="Notes from the screening"
        rows={3}
        value={f.notes}
        onInput={(e) => setF({ ...f, notes: e.currentTarget.value, updatedAt: now() })}
      />

      <div aria-live="polite" data-recommendation={f.derived.recommendation}>
        <p>
          <strong>Suggested: {RECOMMENDATION_LABEL[f.derived.recommendation]}</strong>
        </p>
        <ul>
          {f.derived.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
        {f.confirmed && (
          <p data-decision={final}>
            Decision: {RECOMMENDATION_LABEL[final]}
            {f.override ? ` (overridden: ${f.override.rationale})` : ' (confirmed)'}
          </p>
        )}
      </div>

      <div class="row">
        <Button onClick={() => save(f)}>Save answers</Button>
        <Button
          variant="primary"
          disabled={f.derived.recommendation === 'incomplete'}
          onClick={() => save(confirmDerived(f, now()))}
        >
          Confirm suggestion
        </Button>
        <Button aria-expanded={overriding} onClick={() => setOverriding(!overriding)}>
          Override…
        </Button>
      </div>
      {overriding && (
        <form
          class="editor"
          aria-label="Override the suggestion"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!rationale.trim()) {
              setMessage('Say why you are overriding the suggestion.');
              return;
            }
            await save(overrideDerived(f, choice, rationale, now()));
            setOverriding(false);
          }}
        >
          <Field
            as="select"
            id={`${id}-decision`}
            label="Your decision"
            value={choice}
            onChange={(e) => setChoice(e.currentTarget.value as typeof choice)}
          >
            {DECISIONS.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </Field>
          <Field
            as="textarea"
            id={`${id}-rationale`}
            label="Why"
            rows={2}
            required
            value={rationale}
            onInput={(e) => setRationale(e.currentTarget.value)}
          />
          <Button type="submit" variant="primary">
            Save decision
          </Button>
        </form>
      )}
      <p role="status" class="quiet">
        {message}
      </p>
    </section>
  );
}
