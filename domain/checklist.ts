/**
 * The pre-session safety checklist: for each member, where they are today
 * (so that emergency services can be sent there), whether consent for online
 * work is on file, and whether the leader's licence reaches them; for the
 * session, whether the platform is approved, recording is off and the
 * leaders sit where no one overhears. Nothing here blocks a session: it
 * shows what is not yet in place.
 */
import { t, type LabelKey } from '../util/i18n';
import { jurisdictionWarning, type JurisdictionResult } from './jurisdiction';
import type { Id } from './types';

export interface MemberCheck {
  memberId: Id;
  /** Asked and confirmed for this session. */
  locationConfirmed: boolean;
  /** The last location on record, shown so that confirming is one tap. */
  lastKnownLocation: string;
  consentOnFile: boolean;
  jurisdiction: JurisdictionResult;
}

export interface SessionCheck {
  platformApproved: boolean;
  recordingOff: boolean;
  leadersInPrivateRoom: boolean;
}

export interface ChecklistResult {
  /** The session's id: one checklist per session. */
  id: Id;
  ownerId: Id;
  members: MemberCheck[];
  session: SessionCheck;
  /** The private-place reminder was read to the group. */
  readAloud: boolean;
  updatedAt: number;
}

const check = (key: keyof SessionCheck, label: LabelKey) => ({
  key,
  get label() {
    return t(label);
  },
});

/** The session's checks, each with its words in the current language. */
export const SESSION_CHECKS: readonly { key: keyof SessionCheck; readonly label: string }[] = [
  check('platformApproved', 'checklistText.platformApproved'),
  check('recordingOff', 'checklistText.recordingOff'),
  check('leadersInPrivateRoom', 'checklistText.leadersInPrivateRoom'),
];

/**
 * For the leaders to read aloud at the start, in Squircle's own words and the current language. Kept short enough
 * to say in under half a minute.
 */
export const privatePlaceText = (): string => t('checklistText.privatePlace');

/** How many checks are done, out of how many. */
export function checklistProgress(r: ChecklistResult): { done: number; total: number } {
  const flags = [
    ...r.members.flatMap((m) => [m.locationConfirmed, m.consentOnFile]),
    ...Object.values(r.session),
    r.readAloud,
  ];
  return { done: flags.filter(Boolean).length, total: flags.length };
}

const box = (b: boolean) => (b ? '[x]' : '[ ]');

/**
 * The checklist as a Markdown section for the session export. `names` maps
 * member ids to how the group knows them; unknown ids print as "a member".
 * Locations stay out of the export: they are for emergencies, not records.
 */
export function checklistMarkdown(r: ChecklistResult, names: Readonly<Record<Id, string>> = {}): string {
  const out = [`## ${t('checklistText.heading')}`, ''];
  for (const c of SESSION_CHECKS) out.push(`- ${box(r.session[c.key])} ${c.label}`);
  out.push(`- ${box(r.readAloud)} ${t('checklistText.readAloudDone')}`, '');
  if (r.members.length) {
    out.push(`### ${t('checklistText.members')}`, '');
    for (const m of r.members) {
      const name = names[m.memberId] ?? t('checklistText.aMember');
      const location = t(
        m.locationConfirmed ? 'checklistText.locationConfirmed' : 'checklistText.locationNotConfirmed',
      );
      const consent = t(m.consentOnFile ? 'checklistText.consentOnFile' : 'checklistText.consentNotOnFile');
      out.push(`- ${t('checklistText.memberLine', { name, location, consent })}`);
      if (!m.jurisdiction.ok) {
        const warning = jurisdictionWarning(m.jurisdiction) ?? t('checklistText.notChecked');
        out.push(`  - ${t('checklistText.licence', { warning })}`);
      }
    }
    out.push('');
  }
  const { done, total } = checklistProgress(r);
  out.push(t('checklistText.progress', { done, total }), '');
  return out.join('\n');
}

export interface ReminderInput {
  memberId: Id;
  /** Location confirmed in the current session's checklist. */
  locationConfirmed: boolean;
  /** When consent for online work was signed, or null when none is on file. */
  consentDate: number | null;
}

export interface Reminder {
  memberId: Id;
  kind: 'location' | 'consent-missing' | 'consent-old';
  /** What to do, in the current language. */
  text: string;
}

/** `t` plus `months` calendar months (UTC), clamped to the month's last day. */
export function addMonths(t: number, months: number): number {
  const d = new Date(t);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  target.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return target.getTime();
}

/**
 * What still needs doing before this session: members whose location is not
 * confirmed yet, and members with no consent on file or one older than
 * `consentMaxAgeMonths`. In the members' order; location reminders first.
 */
export function remindersFor(members: readonly ReminderInput[], now: number, consentMaxAgeMonths: number): Reminder[] {
  const location: Reminder[] = members
    .filter((m) => !m.locationConfirmed)
    .map((m) => ({ memberId: m.memberId, kind: 'location', text: t('checklistText.confirmLocation') }));
  const consent: Reminder[] = [];
  for (const m of members) {
    if (m.consentDate === null)
      consent.push({ memberId: m.memberId, kind: 'consent-missing', text: t('checklistText.noConsent') });
    else if (addMonths(m.consentDate, consentMaxAgeMonths) < now) {
      consent.push({
        memberId: m.memberId,
        kind: 'consent-old',
        text: t('checklistText.consentOld', consentMaxAgeMonths),
      });
    }
  }
  return [...location, ...consent];
}
