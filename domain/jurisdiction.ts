/**
 * Does the leader's licence reach where the member is sitting right now? A
 * leader may practise where licensed; a psychologist with a PSYPACT
 * authorisation may also see members in other PSYPACT jurisdictions, when
 * their own licence is in one. The answer is a warning for the leader to act
 * on, never a block: rules differ by profession and board, and Squircle
 * cannot know every exception.
 */

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

const US: Record<string, string> = {
  alabama: 'AL',
  alaska: 'AK',
  arizona: 'AZ',
  arkansas: 'AR',
  california: 'CA',
  colorado: 'CO',
  connecticut: 'CT',
  delaware: 'DE',
  'district of columbia': 'DC',
  'washington dc': 'DC',
  'washington d.c.': 'DC',
  florida: 'FL',
  georgia: 'GA',
  hawaii: 'HI',
  idaho: 'ID',
  illinois: 'IL',
  indiana: 'IN',
  iowa: 'IA',
  kansas: 'KS',
  kentucky: 'KY',
  louisiana: 'LA',
  maine: 'ME',
  maryland: 'MD',
  massachusetts: 'MA',
  michigan: 'MI',
  minnesota: 'MN',
  mississippi: 'MS',
  missouri: 'MO',
  montana: 'MT',
  nebraska: 'NE',
  nevada: 'NV',
  'new hampshire': 'NH',
  'new jersey': 'NJ',
  'new mexico': 'NM',
  'new york': 'NY',
  'north carolina': 'NC',
  'north dakota': 'ND',
  ohio: 'OH',
  oklahoma: 'OK',
  oregon: 'OR',
  pennsylvania: 'PA',
  'rhode island': 'RI',
  'south carolina': 'SC',
  'south dakota': 'SD',
  tennessee: 'TN',
  texas: 'TX',
  utah: 'UT',
  vermont: 'VT',
  virginia: 'VA',
  washington: 'WA',
  'west virginia': 'WV',
  wisconsin: 'WI',
  wyoming: 'WY',
  'puerto rico': 'PR',
  guam: 'GU',
  'us virgin islands': 'VI',
  'northern mariana islands': 'MP',
  'american samoa': 'AS',
};
const CODES = new Set(Object.values(US));

/**
 * One spelling per region: "ca", "US-CA" and "California" all become "CA";
 * anything else (another country, a province) is trimmed and upper-cased, so
 * it still compares equal to itself. Never throws.
 */
export function normalizeRegion(region: string): string {
  const r = region.trim().replace(/\s+/g, ' ');
  const bare = r.replace(/^US[-\s]/i, '');
  const upper = bare.toUpperCase();
  if (CODES.has(upper)) return upper;
  return US[bare.toLowerCase()] ?? r.toUpperCase();
}

export interface LeaderLicensure {
  licensedIn: string[];
  psypact: boolean;
}

export interface JurisdictionResult {
  ok: boolean;
  /** What the leader should check, in plain words. */
  warning?: string;
  /** Why it is fine, when it is. */
  basis?: 'licence' | 'psypact';
}

/**
 * Whether the leader may see a member who is in `memberRegion` now.
 * `psypact` means the leader holds a PSYPACT telepsychology authorisation.
 * Never throws; an unknown region is a warning, not an error.
 */
export function jurisdictionCheck(
  memberRegion: string,
  leader: LeaderLicensure,
  psypactList: readonly string[] = PSYPACT_JURISDICTIONS,
): JurisdictionResult {
  if (!memberRegion.trim()) {
    return { ok: false, warning: "The member's region is not recorded, so the licence cannot be checked." };
  }
  const region = normalizeRegion(memberRegion);
  const licensed = leader.licensedIn.map(normalizeRegion);
  if (licensed.includes(region)) return { ok: true, basis: 'licence' };
  const compact = new Set(psypactList.map(normalizeRegion));
  if (leader.psypact && compact.has(region)) {
    if (licensed.some((l) => compact.has(l))) return { ok: true, basis: 'psypact' };
    return {
      ok: false,
      warning:
        `${region} is a PSYPACT jurisdiction, but none of your licences is in one; ` +
        `PSYPACT covers you only from a home licence in a participating jurisdiction.`,
    };
  }
  if (licensed.length === 0) return { ok: false, warning: 'No licence is recorded in your leader profile.' };
  const psy = compact.has(region)
    ? ' It is a PSYPACT jurisdiction, but your profile has no PSYPACT authorisation.'
    : '';
  return {
    ok: false,
    warning:
      `You are not recorded as licensed in ${region}, where this member is now.${psy} ` +
      `Check with that jurisdiction's board before the session.`,
  };
}
