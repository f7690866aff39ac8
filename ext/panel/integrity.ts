import type { LedgerFinding } from '../../storage/ledger';

/** What the user is told after unlock when the stored records disagree with the integrity ledger. */
export interface IntegrityAlert {
  title: string;
  lines: string[];
  /** What to do about it. */
  advice: string;
  /**
   * The check itself could not run: confirming only closes the alert (the
   * ledger is not rebuilt over records nobody checked), and the check runs
   * again at the next unlock.
   */
  failed?: true;
}

/**
 * What the user is told when the integrity check could not run (the ledger
 * could not be read, the database refused): never silence, since a check
 * that did not run says nothing about the records.
 */
export function integrityCheckFailed(error: unknown): IntegrityAlert {
  const why = error instanceof Error && error.message ? error.message : String(error);
  return {
    title: 'Squircle could not check your records',
    lines: [`The check for records changed outside Squircle did not run: ${why}`],
    advice: 'Nothing was changed. Squircle checks again at your next unlock; if this keeps appearing, make a backup.',
    failed: true,
  };
}

const WHAT: Record<string, [one: string, many: string]> = {
  sessions: ['session record', 'session records'],
  markers: ['marked moment', 'marked moments'],
  notes: ['note', 'notes'],
  messages: ['co-leader message', 'co-leader messages'],
  checklists: ['pre-session checklist', 'pre-session checklists'],
  measures: ['group rating', 'group ratings'],
  groups: ['group', 'groups'],
  members: ['member', 'members'],
  clients: ['client', 'clients'],
  categories: ['kind of moment', 'kinds of moment'],
  safety: ['safety record', 'safety records'],
  screenings: ['screening', 'screenings'],
  leaderProfile: ['your profile', 'your profile'],
  scratch: ['scratch pad', 'scratch pads'],
};

const OLDER_COPY =
  'The whole database is older than the last one this browser saved: it may have been replaced with an ' +
  'earlier copy, so recent changes may be missing.';
const NO_LEDGER =
  'The record Squircle keeps to check your data is missing or damaged. If you did not just restore a backup, ' +
  'the data in this browser may have been changed.';

const TRIES_RESET =
  'The count of wrong passphrases kept in this browser was lowered outside Squircle: someone may have tried ' +
  'passphrases and hidden it.';

const of = (table: string, n: number) => {
  const [one, many] = WHAT[table] ?? ['record', 'records'];
  return `${n} ${n === 1 ? one : many}`;
};

/**
 * Plain words for each finding. `sessionName(id)`: how to name a session
 * (its date and group), or undefined when it is gone. Undefined when there
 * is nothing to tell.
 */
export function integrityAlert(
  findings: readonly LedgerFinding[],
  sessionName: (id: string) => string | undefined,
): IntegrityAlert | undefined {
  if (findings.length === 0) return undefined;
  const lines = findings.map((f) => {
    if (f.kind === 'older-copy') return OLDER_COPY;
    if (f.kind === 'no-ledger') return NO_LEDGER;
    if (f.kind === 'tries-reset') return TRIES_RESET;
    if (f.kind === 'wrong-tries')
      return `${f.count} wrong ${f.count === 1 ? 'passphrase was' : 'passphrases were'} typed since your last unlock.`;
    const where = f.sessionId ? ` in ${sessionName(f.sessionId) ?? 'a session that is no longer here'}` : '';
    if (f.found < f.expected) return `${of(f.table, f.expected - f.found)} missing${where}.`;
    if (f.found > f.expected) return `${of(f.table, f.found - f.expected)} more than Squircle saved${where}.`;
    const what = WHAT[f.table]?.[1] ?? 'records';
    const What = `${what[0]!.toUpperCase()}${what.slice(1)}`;
    return `${What}${where}: one or more changed outside Squircle or went back to an earlier version.`;
  });
  if (findings.every((f) => f.kind === 'wrong-tries'))
    return {
      title: 'Since you last unlocked',
      lines,
      advice: 'If that was not you, someone tried to open your vault.',
    };
  return {
    title: 'Some records changed outside Squircle',
    lines,
    advice:
      'Squircle cannot bring back what is missing; a backup made before may have it. ' +
      'Until you confirm, this appears after every unlock.',
  };
}
