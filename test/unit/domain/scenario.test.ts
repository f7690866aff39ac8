import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  localiseScenario,
  peopleOf,
  lengthMs,
  MAX_MINUTES,
  MIN_MINUTES,
  parseScenario,
  scenarioVersion,
  schedule,
  ScenarioError,
  type Scenario,
} from '../../../domain/scenario';
import { SCENARIO_FILES, SCENARIO_TEXT_FILES, SCENARIOS, scenariosIn } from '../../../scenarios';
import { FAMILIES } from '../../../domain/categories';

const DIR = join(__dirname, '../../../scenarios');

const good = (): Record<string, unknown> => ({
  format: 'squircle-scenario/1',
  id: 'tiny',
  title: 'Tiny',
  summary: 'A test scenario.',
  minutes: 3,
  members: ['Ana'],
  moments: [
    {
      id: 'late-bo',
      at: 30,
      event: 'join',
      member: 'Bo',
      notice: { families: ['frame'], within: 30 },
      what: 'Bo joined late',
      why: 'A late arrival changes the frame.',
    },
    {
      id: 'face-bo',
      at: 60,
      event: 'face',
      member: 'Bo',
      speaker: 'Ana',
      lasts: 10,
      notice: { families: ['body'], within: 20 },
      what: "Bo's face tightened",
      why: 'Listeners react in small tiles.',
    },
  ],
});

const problems = (json: unknown): string[] => {
  try {
    parseScenario(json, 'scenarios/bad.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    expect((e as Error).message).toMatch(/^scenarios\/bad\.json is not a valid scenario:\n- /);
    return (e as ScenarioError).problems;
  }
  return [];
};

/** Every line a leader reads or hears in a scenario. */
const words = (s: Scenario): string[] => [
  s.title,
  s.summary,
  ...s.moments.flatMap((m) => [m.what, m.why, ...(m.says === undefined ? [] : [m.says])]),
];

describe('the scenarios in every language', () => {
  for (const lang of ['de', 'es', 'he'] as const)
    describe(lang, () => {
      it('every scenario has a words file, and every words file in scenarios/' + lang + '/ is read', () => {
        const files = readdirSync(join(DIR, lang)).filter((f) => f.endsWith('.json'));
        expect(Object.keys(SCENARIO_TEXT_FILES[lang]).sort()).toEqual(
          files.map((f) => `scenarios/${lang}/${f}`).sort(),
        );
        expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(SCENARIOS.map((s) => s.id).sort());
        for (const s of SCENARIOS) {
          const file = `scenarios/${lang}/${s.id}.json`;
          const json: unknown = JSON.parse(readFileSync(join(DIR, lang, `${s.id}.json`), 'utf8'));
          expect(localiseScenario(s, json, file)).toEqual(scenariosIn(lang).find((x) => x.id === s.id));
        }
      });

      it('the same beats at the same times, each with its own words and no English left', () => {
        const local = scenariosIn(lang);
        expect(local.map((s) => s.id)).toEqual(SCENARIOS.map((s) => s.id));
        SCENARIOS.forEach((en, i) => {
          const s = local[i]!;
          expect([s.minutes, scenarioVersion(s)]).toEqual([en.minutes, scenarioVersion(en)]);
          expect(schedule(s, 1)).toEqual(schedule(en, 1));
          expect(s.members.length).toBe(en.members.length);
          s.moments.forEach((m, j) => {
            const e = en.moments[j]!;
            expect({ id: m.id, at: m.at, event: m.event, lasts: m.lasts, notice: m.notice }).toEqual({
              id: e.id,
              at: e.at,
              event: e.event,
              lasts: e.lasts,
              notice: e.notice,
            });
            expect(m.says === undefined).toBe(e.says === undefined);
          });
          const ours = words(s);
          const english = words(en);
          ours.forEach((w, j) => {
            expect(w, `${s.id}: "${english[j]}"`).not.toBe(english[j]);
            expect(w, `${s.id}`).not.toMatch(/\b(the|and|your|joined|left|while|someone|signalled)\b/i);
          });
          // In Hebrew the members have Hebrew names too, so no Latin letter is left in a line.
          if (lang === 'he') for (const w of ours) expect(w, s.id).not.toMatch(/[A-Za-z]/);
          // A name in a line is one of the people on that language's call.
          const people = new Set(peopleOf(s));
          for (const m of s.moments) if (m.member && m.member !== 'Co-leader') expect(people.has(m.member)).toBe(true);
        });
      });
    });

  const text = (moments: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
    format: 'squircle-scenario-text/1',
    id: 'tiny',
    title: 'Winzig',
    summary: 'Ein Testszenario.',
    moments,
    ...more,
  });
  const both = {
    'late-bo': { what: 'Bo kam zu spät', why: 'Eine Verspätung verändert den Rahmen.' },
    'face-bo': { what: 'Bos Gesicht spannte sich an', why: 'Zuhörende reagieren in kleinen Kacheln.' },
  };
  const textProblems = (json: unknown): string[] => {
    try {
      localiseScenario(parseScenario(good(), 'tiny.json'), json, 'scenarios/de/tiny.json');
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      return (e as ScenarioError).problems;
    }
    return [];
  };

  it('a words file takes the words and names, never the timing', () => {
    const s = localiseScenario(
      parseScenario(good(), 'tiny.json'),
      text(both, { names: { Ana: 'ענבל', Bo: 'בועז' } }),
      'scenarios/he/tiny.json',
    );
    expect(s.title).toBe('Winzig');
    expect(s.members).toEqual(['ענבל']);
    expect(s.moments.map((m) => [m.at, m.member, m.speaker, m.what])).toEqual([
      [30, 'בועז', undefined, 'Bo kam zu spät'],
      [60, 'בועז', 'ענבל', 'Bos Gesicht spannte sich an'],
    ]);
  });

  it('a words file missing a moment, with one too many, or with timing in it: every problem named', () => {
    expect(textProblems(text({ 'late-bo': both['late-bo'] }))).toEqual(['moments: "face-bo" has no words']);
    expect(textProblems(text({ ...both, 'late-cy': both['late-bo'] }))).toEqual([
      'moments: "late-cy" is not a moment of "tiny"',
    ]);
    expect(textProblems(text({ ...both, 'late-bo': { ...both['late-bo'], at: 10 } }))).toEqual([
      'late-bo: unknown field "at"',
    ]);
    expect(textProblems(text(both, { id: 'other' }))).toEqual(['"id" must be "tiny", the scenario it translates']);
    expect(textProblems(text(both, { names: { Ana: 'Anna' } }))).toEqual(['"names" has no name for "Bo"']);
    expect(textProblems(text(both, { names: { Ana: 'X', Bo: 'X' } }))).toEqual([
      '"names" must give each member a different name',
    ]);
    expect(textProblems(text({ ...both, 'late-bo': { what: '', why: 'x' } }))).toEqual([
      'moments[0]: "what" must be text of at most 120 characters',
    ]);
  });
});

describe('the scenario files', () => {
  it('every JSON file in scenarios/ is offered, and every one is valid', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
    expect(Object.keys(SCENARIO_FILES).sort()).toEqual(files.map((f) => `scenarios/${f}`).sort());
    for (const f of files) {
      const json: unknown = JSON.parse(readFileSync(join(DIR, f), 'utf8'));
      expect(parseScenario(json, f).id).toBe(f.replace(/\.json$/, ''));
    }
  });

  it('each lasts 3 to 8 minutes, and together they script every obstacle the practice call can show', () => {
    for (const s of SCENARIOS) expect(s.minutes).toBeGreaterThanOrEqual(MIN_MINUTES);
    for (const s of SCENARIOS) expect(s.minutes).toBeLessThanOrEqual(MAX_MINUTES);
    const events = new Set(SCENARIOS.flatMap((s) => s.moments.map((m) => m.event)));
    expect([...events].sort()).toEqual(
      ['behind', 'camera-off', 'drop', 'face', 'join', 'leave', 'signal', 'silence'].sort(),
    );
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
  });
});

describe('parseScenario', () => {
  it('accepts a well-formed scenario as it is', () => {
    const json = good();
    expect(parseScenario(json, 'x.json')).toEqual(json);
  });

  it('names every problem of a bad file with where it is', () => {
    const json = good();
    json.minutes = 12;
    json.colour = 'blue';
    const moments = json.moments as Record<string, unknown>[];
    moments[0]!.event = 'wave';
    moments[1]!.notice = { families: ['nope'], within: 20 };
    delete moments[1]!.lasts;
    expect(problems(json)).toEqual([
      'unknown field "colour"',
      `"minutes" must be a number from ${MIN_MINUTES} to ${MAX_MINUTES}`,
      'moments[0]: "event" must be one of join, leave, drop, behind, face, silence, camera-off, signal',
      // With moment 0 no join, Bo never arrived.
      'moments[1]: "Bo" is not on the call at that point (list them in "members" or join them first)',
      'moments[1]: a "face" needs "lasts", in seconds',
      'moments[1]: "notice" must be { "families": [...], "within": seconds from 5 to 180 }, ' +
        `families among ${FAMILIES.map((f) => f.id).join(', ')}`,
    ]);
  });

  it('takes a version (whole, from 1) so co-leaders rehearse the same script; 1 when absent', () => {
    const json = good();
    expect(scenarioVersion(parseScenario(json, 'x.json'))).toBe(1);
    json.version = 3;
    expect(scenarioVersion(parseScenario(json, 'x.json'))).toBe(3);
    for (const bad of [0, 1.5, '2']) {
      json.version = bad;
      expect(problems(json)).toEqual(['"version" must be a whole number from 1']);
    }
  });

  it('refuses moments out of order, past the end, on nobody, or with a repeated id', () => {
    const json = good();
    const moments = json.moments as Record<string, unknown>[];
    moments[1]!.at = 10;
    expect(problems(json)).toContain('moments[1]: moments must be listed in the order they happen ("at")');
    const late = good();
    (late.moments as Record<string, unknown>[])[1]!.at = 175;
    expect(problems(late)).toEqual(['moments[1]: it lasts beyond the end of the scenario']);
    const nobody = good();
    (nobody.moments as Record<string, unknown>[])[1]!.member = 'Zed';
    expect(problems(nobody)).toEqual([
      'moments[1]: "Zed" is not on the call at that point (list them in "members" or join them first)',
    ]);
    const twice = good();
    (twice.moments as Record<string, unknown>[])[1]!.id = 'late-bo';
    expect(problems(twice)).toEqual(['moments[1]: "id" "late-bo" is used twice']);
  });

  it('says so when the file is not an object or has the wrong format', () => {
    expect(problems([])).toEqual(['the file must hold one JSON object']);
    expect(problems({ ...good(), format: 'squircle-scenario/2' })).toEqual(['"format" must be "squircle-scenario/1"']);
  });
});

describe('schedule', () => {
  const s = parseScenario(good(), 'x.json') as Scenario;
  it('runs each moment at its time, twice as fast at double speed', () => {
    expect(schedule(s, 1)).toEqual([
      { afterMs: 30_000, moment: 'late-bo', action: 'start' },
      { afterMs: 60_000, moment: 'face-bo', action: 'start' },
      { afterMs: 70_000, moment: 'face-bo', action: 'end' },
    ]);
    expect(schedule(s, 2).map((x) => x.afterMs)).toEqual([15_000, 30_000, 35_000]);
    expect(lengthMs(s, 1)).toBe(180_000);
    expect(lengthMs(s, 2)).toBe(90_000);
  });
});
