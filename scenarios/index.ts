import { parseScenario, type Scenario } from '../domain/scenario';
import firstMinutes from './first-minutes.json';
import lateAndBehind from './late-and-behind.json';
import droppedAndSilent from './dropped-and-silent.json';

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

export const SCENARIOS: readonly Scenario[] = Object.entries(SCENARIO_FILES).map(([file, json]) =>
  parseScenario(json, file),
);

export const scenarioById = (id: string): Scenario | undefined => SCENARIOS.find((s) => s.id === id);
