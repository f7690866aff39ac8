import type { SealedRow, SealedTableName } from './db';
import type { SealedSpec } from './sealed-table';
import { checklistSpec, leaderProfileSpec, measureSpec, safetySpec, screeningSpec } from './safety-tables';
import {
  categorySpec,
  clientSpec,
  groupSpec,
  markerSpec,
  memberSpec,
  messageSpec,
  noteSpec,
  sessionSpec,
} from './tables';

/** A sealed table whose rows a spec describes: every one but the scratch note, which has no record. */
export type SpecTableName = Exclude<SealedTableName, 'scratch'>;

/**
 * How each sealed table's rows are sealed and indexed, by table: the one
 * list that backups write, check and restore by. The record types differ per
 * table, so the map holds them as unknown.
 */
export const SEALED_SPECS = {
  groups: groupSpec,
  members: memberSpec,
  clients: clientSpec,
  sessions: sessionSpec,
  markers: markerSpec,
  notes: noteSpec,
  categories: categorySpec,
  messages: messageSpec,
  safety: safetySpec,
  leaderProfile: leaderProfileSpec,
  screenings: screeningSpec,
  checklists: checklistSpec,
  measures: measureSpec,
} as Record<SpecTableName, SealedSpec<unknown, SealedRow>>;
