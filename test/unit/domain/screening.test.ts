import { describe, expect, it } from 'vitest';
import {
  MAY_BENEFIT_CRITERIA,
  NOT_ONLINE_CRITERIA,
  READINESS_QUESTIONS,
  confirmDerived,
  deriveRecommendation,
  emptyAnswers,
  finalRecommendation,
  overrideDerived,
  reasonText,
  withAnswers,
  type Derived,
  type ScreeningAnswers,
  type ScreeningForm,
} from '../../../domain/screening';

/** Everything answered, all in favour of an online group. */
const ready = (): ScreeningAnswers => ({
  readiness: Object.fromEntries(READINESS_QUESTIONS.map((q) => [q.key, 'yes'])),
  notOnline: Object.fromEntries(NOT_ONLINE_CRITERIA.map((q) => [q.key, 'no'])),
  mayBenefit: Object.fromEntries(MAY_BENEFIT_CRITERIA.map((q) => [q.key, 'no'])),
});

const form = (answers: ScreeningAnswers): ScreeningForm => ({
  id: 'f',
  memberId: 'm',
  answers,
  derived: deriveRecommendation(answers),
  confirmed: false,
  notes: '',
  screenedAt: 1,
  updatedAt: 1,
});

/** The reasons as the form shows them, in English (the unit tests' language). */
const words = (d: Derived) => d.reasons.map(reasonText);

describe('deriveRecommendation', () => {
  it('nothing answered is incomplete, naming what is open', () => {
    const d = deriveRecommendation(emptyAnswers());
    expect(d.recommendation).toBe('incomplete');
    expect(d.reasons).toHaveLength(
      READINESS_QUESTIONS.length + NOT_ONLINE_CRITERIA.length + MAY_BENEFIT_CRITERIA.length,
    );
    expect(words(d)[0]).toMatch(/^Not answered yet/);
  });

  it('all in favour: suitable online', () => {
    const d = deriveRecommendation(ready());
    expect(d).toEqual({ recommendation: 'suitable-online', reasons: [{ kind: 'meets' }] });
    expect(words(d)).toEqual([expect.stringMatching(/nothing speaks against/)]);
  });

  it.each(NOT_ONLINE_CRITERIA.map((q) => q.key))(
    '%s alone decides against online, even with other questions open',
    (key) => {
      const d = deriveRecommendation({ ...emptyAnswers(), notOnline: { [key]: 'yes' } });
      expect(d.recommendation).toBe('not-suitable-online');
      expect(d.reasons).toHaveLength(1);
      expect(words(d)[0]).toMatch(/against an online group/);
    },
  );

  it('lists every criterion against online', () => {
    const a = ready();
    a.notOnline = { acuteCrisis: 'yes', easilyDysregulated: 'yes', severeDepressionSuicidal: 'yes' };
    const d = deriveRecommendation(a);
    expect(words(d).join(' ')).toMatch(/acute crisis.*dysregulated.*suicidal/);
  });

  it('usual readiness not met: not suitable online; partly met: consider in person', () => {
    const no = ready();
    no.readiness.attendRegularly = 'no';
    const d = deriveRecommendation(no);
    expect(d.recommendation).toBe('not-suitable-online');
    expect(words(d)).toEqual([expect.stringMatching(/attending regularly/)]);
    const partly = ready();
    partly.readiness.tolerateFeelings = 'partly';
    expect(deriveRecommendation(partly).recommendation).toBe('consider-in-person');
  });

  it('criteria that may favour online are given as reasons', () => {
    const a = ready();
    a.mayBenefit.socialAnxiety = 'yes';
    a.mayBenefit.dissociative = 'yes';
    const d = deriveRecommendation(a);
    expect(d.recommendation).toBe('suitable-online');
    expect(words(d).slice(1)).toEqual([expect.stringMatching(/social anxiety/), expect.stringMatching(/dissociative/)]);
  });
});

describe('confirm and override', () => {
  it('confirming needs a complete form', () => {
    expect(() => confirmDerived(form(emptyAnswers()), 2)).toThrow(RangeError);
    const f = confirmDerived(form(ready()), 2);
    expect(f).toMatchObject({ confirmed: true, updatedAt: 2 });
    expect(finalRecommendation(f)).toBe('suitable-online');
  });

  it('an override needs a rationale, and then stands', () => {
    expect(() => overrideDerived(form(ready()), 'consider-in-person', '  ', 2)).toThrow(/why/);
    const f = overrideDerived(form(ready()), 'consider-in-person', ' Lives with the person she talks about ', 2);
    expect(f.override).toEqual({
      recommendation: 'consider-in-person',
      rationale: 'Lives with the person she talks about',
    });
    expect(finalRecommendation(f)).toBe('consider-in-person');
  });

  it('changed answers drop a confirmation only when the suggestion changes; an override stays', () => {
    const f = confirmDerived(form(ready()), 2);
    const same = ready();
    same.mayBenefit.socialAnxiety = 'yes';
    expect(withAnswers(f, same, 3).confirmed).toBe(true);
    const worse = ready();
    worse.notOnline.acuteCrisis = 'yes';
    expect(withAnswers(f, worse, 3)).toMatchObject({
      confirmed: false,
      derived: { recommendation: 'not-suitable-online' },
    });
    const o = overrideDerived(f, 'consider-in-person', 'r', 3);
    expect(withAnswers(o, worse, 4).override?.recommendation).toBe('consider-in-person');
  });
});

describe('in another language', () => {
  it('keeps what is stored free of words and reads the reasons and questions in the chosen language', async () => {
    const { useMessages } = await import('../../../util/i18n');
    const { builtMessages } = await import('../../support/messages');
    const a = ready();
    a.notOnline.acuteCrisis = 'yes';
    const d = deriveRecommendation(a);
    expect(d.reasons).toEqual([{ kind: 'against', key: 'acuteCrisis' }]);
    useMessages('de', await builtMessages('de'), await builtMessages('en'));
    expect(words(d)).toEqual(['Spricht gegen eine Online-Gruppe: akute Krise.']);
    expect(NOT_ONLINE_CRITERIA[0]!.label).toBe('Befindet sich derzeit in einer akuten Krise');
    expect(() => confirmDerived(form(emptyAnswers()), 2)).toThrow('Beantworten Sie alle Fragen');
  });
});
