/**
 * Does the leader's licence reach where the member is sitting right now? A
 * leader may practise where licensed; a psychologist with a PSYPACT
 * authorisation may also see members in other PSYPACT jurisdictions, when
 * their own licence is in one. The answer is a warning for the leader to act
 * on, never a block: rules differ by profession and board, and Squircle
 * cannot know every exception.
 */

import { currentLanguage, t } from '../util/i18n';
import { JURISDICTION_RULES, parsePlace, ruleFor, type JurisdictionRule, type Place } from './jurisdictions';

/**
 * Jurisdictions where PSYPACT is in effect, as two-letter codes.
 * This list changes as legislatures act: the clinic should compare it with
 * the PSYPACT Commission's current map (psypact.org) and keep it current.
 * Compiled from public listings of participating jurisdictions as of early
 * 2024; a jurisdiction that has enacted the compact but where it is not yet
 * in effect is left out.
 */
export const PSYPACT_JURISDICTIONS: readonly string[] = [
  'AL',
  'AZ',
  'AR',
  'CO',
  'CT',
  'DE',
  'DC',
  'FL',
  'GA',
  'ID',
  'IL',
  'IN',
  'KS',
  'KY',
  'ME',
  'MD',
  'MI',
  'MN',
  'MO',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NC',
  'OH',
  'OK',
  'PA',
  'RI',
  'TN',
  'TX',
  'UT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
];

/**
 * One spelling per place, for comparing: "ca", "US-CA" and "California" all
 * become "CA"; "Ontario" and "CA-ON" become "CA-ON"; text naming nothing
 * known is trimmed and upper-cased, so it still compares equal to itself.
 * Never throws.
 */
export function normalizeRegion(region: string): string {
  const p = parsePlace(region);
  return p.country === 'US' ? p.subdivision! : p.key;
}

export interface LeaderLicensure {
  licensedIn: string[];
  psypact: boolean;
}

/** What the leader should check, as data; `jurisdictionWarning` says it in the current language. */
export type JurisdictionProblem = 'noRegion' | 'psypactHome' | 'noLicence' | 'notLicensed' | 'notLicensedCompact';

export interface JurisdictionResult {
  ok: boolean;
  problem?: JurisdictionProblem;
  /** The member's place as the warning names it: a US state's code, otherwise the place's name in English. */
  region?: string;
  /** The warning in English words, as checklists saved before `problem` hold it. */
  warning?: string;
  /** Why it is fine, when it is. */
  basis?: 'licence' | 'psypact';
  /** The id of the rules where the member is (`ruleById`), when the place is in the table. */
  ruleId?: string;
}

/** Licensed where the member is: the same state or province, or the same country where licences are national. */
function licensedThere(member: Place, licences: readonly Place[], rule: JurisdictionRule | undefined): boolean {
  if (rule?.licenceScope === 'country' && member.country) return licences.some((l) => l.country === member.country);
  return licences.some((l) => l.key === member.key);
}

/**
 * Whether the leader may see a member who is in `memberRegion` now, with the
 * rules that apply there. `psypact` means the leader holds a PSYPACT
 * telepsychology authorisation (United States only). Never throws; an
 * unknown place is a warning, not an error.
 */
export function jurisdictionCheck(
  memberRegion: string,
  leader: LeaderLicensure,
  psypactList: readonly string[] = PSYPACT_JURISDICTIONS,
  rules: readonly JurisdictionRule[] = JURISDICTION_RULES,
): JurisdictionResult {
  if (!memberRegion.trim()) return { ok: false, problem: 'noRegion' };
  const place = parsePlace(memberRegion, rules);
  const rule = ruleFor(place.country, rules);
  const withRule = (r: JurisdictionResult): JurisdictionResult => (rule ? { ...r, ruleId: rule.id } : r);
  const region = place.label;
  const licences = leader.licensedIn.map((l) => parsePlace(l, rules));
  if (licensedThere(place, licences, rule)) return withRule({ ok: true, basis: 'licence' });
  const compact = new Set(psypactList.map(normalizeRegion));
  const inCompact = place.country === 'US' && compact.has(place.subdivision!);
  const homeInCompact = licences.some((l) => l.country === 'US' && compact.has(l.subdivision!));
  if (leader.psypact && inCompact) {
    if (homeInCompact) return withRule({ ok: true, basis: 'psypact' });
    return withRule({ ok: false, problem: 'psypactHome', region });
  }
  if (licences.length === 0) return withRule({ ok: false, problem: 'noLicence' });
  return withRule({ ok: false, problem: inCompact ? 'notLicensedCompact' : 'notLicensed', region });
}

/** A country by its name in the current language ("Spanien"); a state, province or unknown text as it is. */
function placeName(label: string): string {
  const p = parsePlace(label);
  if (!p.country || p.subdivision || p.country === 'US') return label;
  return new Intl.DisplayNames([currentLanguage()], { type: 'region', fallback: 'none' }).of(p.country) ?? label;
}

/**
 * What the leader should check, in the current language; undefined when there is nothing to check.
 */
export function jurisdictionWarning(r: JurisdictionResult): string | undefined {
  if (r.ok) return undefined;
  const region = placeName(r.region ?? '');
  switch (r.problem) {
    case 'noRegion':
      return t('jurisdictionText.noRegion');
    case 'psypactHome':
      return t('jurisdictionText.psypactHome', { region });
    case 'noLicence':
      return t('jurisdictionText.noLicence');
    case 'notLicensed':
      return t('jurisdictionText.notLicensed', { region });
    case 'notLicensedCompact':
      return t('jurisdictionText.notLicensedCompact', { region });
    default:
      return r.warning;
  }
}
