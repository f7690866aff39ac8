import { localiseScenario, parseScenario, type Scenario } from '../domain/scenario';
import { currentLanguage, type Language } from '../util/i18n';
import firstMinutes from './first-minutes.json';
import lateAndBehind from './late-and-behind.json';
import droppedAndSilent from './dropped-and-silent.json';
import firstMinutesDe from './de/first-minutes.json';
import lateAndBehindDe from './de/late-and-behind.json';
import droppedAndSilentDe from './de/dropped-and-silent.json';
import firstMinutesEs from './es/first-minutes.json';
import lateAndBehindEs from './es/late-and-behind.json';
import droppedAndSilentEs from './es/dropped-and-silent.json';
import firstMinutesHe from './he/first-minutes.json';
import lateAndBehindHe from './he/late-and-behind.json';
import droppedAndSilentHe from './he/dropped-and-silent.json';

/**
 * The scenarios the practice call offers, shortest first. Each file is
 * checked when the extension loads it; a bad one throws a ScenarioError that
 * names the file and every problem (test/unit/domain/scenario.test.ts checks
 * every file here).
 */
export const SCENARIO_FILES: Record<string, unknown> = {
  'scenarios/first-minutes.json': firstMinutes,
  'scenarios/late-and-behind.json': lateAndBehind,
  'scenarios/dropped-and-silent.json': droppedAndSilent,
};

/**
 * Each scenario's words in the other languages (scenarios/<lang>/<id>.json):
 * only the words, so every language plays the English file's beats at its
 * times. A scenario needs a file in every language (the unit test says which
 * is missing).
 */
export const SCENARIO_TEXT_FILES: Record<Exclude<Language, 'en'>, Record<string, unknown>> = {
  de: {
    'scenarios/de/first-minutes.json': firstMinutesDe,
    'scenarios/de/late-and-behind.json': lateAndBehindDe,
    'scenarios/de/dropped-and-silent.json': droppedAndSilentDe,
  },
  es: {
    'scenarios/es/first-minutes.json': firstMinutesEs,
    'scenarios/es/late-and-behind.json': lateAndBehindEs,
    'scenarios/es/dropped-and-silent.json': droppedAndSilentEs,
  },
  he: {
    'scenarios/he/first-minutes.json': firstMinutesHe,
    'scenarios/he/late-and-behind.json': lateAndBehindHe,
    'scenarios/he/dropped-and-silent.json': droppedAndSilentHe,
  },
};

/** The scenarios in English, their source. */
export const SCENARIOS: readonly Scenario[] = Object.entries(SCENARIO_FILES).map(([file, json]) =>
  parseScenario(json, file),
);

const byLanguage = new Map<Language, readonly Scenario[]>([['en', SCENARIOS]]);

/** The scenarios in `lang`'s words (the current language's unless named), each checked once. */
export function scenariosIn(lang: Language = currentLanguage()): readonly Scenario[] {
  let list = byLanguage.get(lang);
  if (!list) {
    const files = lang === 'en' ? {} : SCENARIO_TEXT_FILES[lang];
    list = SCENARIOS.map((s) => {
      const file = `scenarios/${lang}/${s.id}.json`;
      const json = files[file];
      return json === undefined ? s : localiseScenario(s, json, file);
    });
    byLanguage.set(lang, list);
  }
  return list;
}

/** A scenario in the current language's words. */
export const scenarioById = (id: string, lang: Language = currentLanguage()): Scenario | undefined =>
  scenariosIn(lang).find((s) => s.id === id);
