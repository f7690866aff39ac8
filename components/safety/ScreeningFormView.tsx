import type { JSX } from 'preact';
import { t, type LabelKey } from '../../util/i18n';
import { Message } from '../common/Message';
import { useState } from 'preact/hooks';
import {
  MAY_BENEFIT_CRITERIA,
  NOT_ONLINE_CRITERIA,
  READINESS_QUESTIONS,
  RECOMMENDATION_LABEL,
  confirmDerived,
  deriveRecommendation,
  finalRecommendation,
  overrideDerived,
  reasonText,
  withAnswers,
  type Question,
  type Recommendation,
  type ScreeningAnswers,
  type ScreeningForm,
} from '../../domain/screening';
import { Button } from '../common/Button';
import { Checkbox } from '../common/Checkbox';
import { Field } from '../common/Field';
import { shownError } from '../../util/user-error';

interface Props {
  memberName: string;
  form: ScreeningForm;
  onSave: (f: ScreeningForm) => Promise<unknown>;
  now?: () => number;
}

type Section = keyof ScreeningAnswers;
const YES = { value: 'yes', name: 'screening.yes' } as const;
const NO = { value: 'no', name: 'screening.no' } as const;
const CHOICES: Record<Section, readonly { value: string; name: LabelKey }[]> = {
  readiness: [YES, { value: 'partly', name: 'screening.partly' }, NO],
  notOnline: [YES, NO],
  mayBenefit: [YES, NO],
};
const DECISIONS = ['suitable-online', 'consider-in-person', 'not-suitable-online'] as const;

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
      setMessage(t('common.saved'));
    } catch (e) {
      setMessage(shownError(e));
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
                label={t(c.name)}
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
      <h3 id={`${id}-title`}>
        <Message id="screening.title" parts={{ name: <bdi>{memberName}</bdi> }} />
      </h3>
      {group('readiness', t('screening.readiness'), READINESS_QUESTIONS)}
      {group('notOnline', t('screening.notOnline'), NOT_ONLINE_CRITERIA)}
      {group('mayBenefit', t('screening.mayBenefit'), MAY_BENEFIT_CRITERIA)}
      <Field
        as="textarea"
        id={`${id}-notes`}
        label={t('screening.notes')}
        rows={3}
        value={f.notes}
        onInput={(e) => setF({ ...f, notes: e.currentTarget.value, updatedAt: now() })}
      />

      <div aria-live="polite" data-recommendation={f.derived.recommendation}>
        <p>
          <strong>{t('screening.suggested', { decision: RECOMMENDATION_LABEL[f.derived.recommendation] })}</strong>
        </p>
        <ul>
          {/* Derived again from the answers: a form saved before reasons were data holds them as English text. */}
          {deriveRecommendation(f.answers).reasons.map((r) => (
            <li key={`${r.kind}-${r.key ?? ''}`}>{reasonText(r)}</li>
          ))}
        </ul>
        {f.confirmed && (
          <p data-decision={final}>
            {f.override
              ? t('screening.decisionOverridden', { decision: RECOMMENDATION_LABEL[final], why: f.override.rationale })
              : t('screening.decisionConfirmed', { decision: RECOMMENDATION_LABEL[final] })}
          </p>
        )}
      </div>

      <div class="row">
        <Button onClick={() => save(f)}>{t('screening.saveAnswers')}</Button>
        <Button
          variant="primary"
          disabled={f.derived.recommendation === 'incomplete'}
          onClick={() => save(confirmDerived(f, now()))}
        >
          {t('screening.confirm')}
        </Button>
        <Button aria-expanded={overriding} onClick={() => setOverriding(!overriding)}>
          {t('screening.override')}
        </Button>
      </div>
      {overriding && (
        <form
          class="editor"
          aria-label={t('screening.overrideLabel')}
          onSubmit={async (e) => {
            e.preventDefault();
            if (!rationale.trim()) {
              setMessage(t('screening.sayWhy'));
              return;
            }
            await save(overrideDerived(f, choice, rationale, now()));
            setOverriding(false);
          }}
        >
          <Field
            as="select"
            id={`${id}-decision`}
            label={t('screening.yourDecision')}
            value={choice}
            onChange={(e) => setChoice(e.currentTarget.value as typeof choice)}
          >
            {DECISIONS.map((d) => (
              <option key={d} value={d}>
                {RECOMMENDATION_LABEL[d]}
              </option>
            ))}
          </Field>
          <Field
            as="textarea"
            id={`${id}-rationale`}
            label={t('screening.why')}
            rows={2}
            required
            value={rationale}
            onInput={(e) => setRationale(e.currentTarget.value)}
          />
          <Button type="submit" variant="primary">
            {t('screening.saveDecision')}
          </Button>
        </form>
      )}
      <p role="status" class="quiet">
        {message}
      </p>
    </section>
  );
}
