/**
 * What a session needs where the client sits: who licenses the leader there,
 * what consent and privacy law ask, how long records are kept by default,
 * and the number to call in an emergency. One entry per jurisdiction, as
 * data: a clinic can add or replace entries (`withClinicRules`). The texts
 * are summaries for a reminder on screen, not legal advice; each entry names
 * the public sources it was written from, and docs/JURISDICTIONS.md lists
 * them with what is uncertain.
 */

import { t, type LabelKey } from '../util/i18n';

export interface JurisdictionRule {
  /** Stable id: an ISO 3166-1 alpha-2 code, or 'EU'. */
  id: string;
  name: string;
  /** The countries (ISO 3166-1 alpha-2) the entry covers. */
  countries: readonly string[];
  /** Whether a licence is issued for the whole country or per state or province. */
  licenceScope: 'country' | 'subdivision';
  /** Who licenses the leader there, in one sentence. */
  licence: string;
  /** What consent and privacy law ask for online work, in one sentence. */
  consent: string;
  /** Default years to keep an adult client's records after the last contact. */
  retentionYears: number;
  retentionNote: string;
  /** The general emergency number, and the crisis line where there is one. */
  emergencyNumber: string;
  crisisLine?: string;
  sources: readonly string[];
}

type RuleWords = 'name' | 'licence' | 'consent' | 'retentionNote';

/**
 * A built-in entry whose words are read in the current language each time they are shown; a clinic's own entries
 * keep the words it wrote.
 */
function builtIn(r: Omit<JurisdictionRule, RuleWords>, words: Readonly<Record<RuleWords, LabelKey>>): JurisdictionRule {
  const rule = { ...r } as JurisdictionRule;
  for (const field of Object.keys(words) as RuleWords[]) {
    Object.defineProperty(rule, field, { get: () => t(words[field]), enumerable: true });
  }
  return rule;
}

/** The keys of a built-in entry's words in locales/ (jurisdictionText). */
const wordsOf = <P extends 'us' | 'eu' | 'gb' | 'il' | 'ca' | 'au'>(p: P) =>
  ({
    name: `jurisdictionText.${p}Name`,
    licence: `jurisdictionText.${p}Licence`,
    consent: `jurisdictionText.${p}Consent`,
    retentionNote: `jurisdictionText.${p}Retention`,
  }) as const;

const EU_COUNTRIES = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
] as const;

export const JURISDICTION_RULES: readonly JurisdictionRule[] = [
  builtIn(
    {
      id: 'US',
      countries: ['US'],
      licenceScope: 'subdivision',
      retentionYears: 7,
      emergencyNumber: '911',
      crisisLine: '988',
      sources: [
        'https://www.apa.org/practice/guidelines/record-keeping',
        'https://psypact.org/mpage/psypactmap',
        'https://www.hhs.gov/hipaa/for-professionals/index.html',
        'https://988lifeline.org/',
      ],
    },
    wordsOf('us'),
  ),
  builtIn(
    {
      id: 'EU',
      countries: EU_COUNTRIES,
      licenceScope: 'country',
      retentionYears: 10,
      emergencyNumber: '112',
      sources: [
        'https://eur-lex.europa.eu/eli/reg/2016/679/oj',
        'https://eur-lex.europa.eu/eli/dir/2005/36/oj',
        'https://www.gesetze-im-internet.de/bgb/__630f.html',
        'https://digital-strategy.ec.europa.eu/en/policies/112',
      ],
    },
    wordsOf('eu'),
  ),
  builtIn(
    {
      id: 'GB',
      countries: ['GB'],
      licenceScope: 'country',
      retentionYears: 20,
      emergencyNumber: '999',
      crisisLine: '116 123 (Samaritans)',
      sources: [
        'https://www.hcpc-uk.org/',
        'https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/',
        'https://transform.england.nhs.uk/information-governance/guidance/records-management-code/',
      ],
    },
    wordsOf('gb'),
  ),
  builtIn(
    {
      id: 'IL',
      countries: ['IL'],
      licenceScope: 'country',
      retentionYears: 10,
      emergencyNumber: '101',
      crisisLine: '1201',
      sources: [
        'Psychologists Law, 5737-1977',
        "Patient's Rights Law, 5756-1996",
        'https://www.gov.il/en/departments/ministry_of_health',
        'https://www.eran.org.il/',
      ],
    },
    wordsOf('il'),
  ),
  builtIn(
    {
      id: 'CA',
      countries: ['CA'],
      licenceScope: 'subdivision',
      retentionYears: 10,
      emergencyNumber: '911',
      crisisLine: '988',
      sources: [
        'https://cpa.ca/',
        'https://www.priv.gc.ca/en/privacy-topics/privacy-laws-in-canada/',
        'https://988.ca/',
      ],
    },
    wordsOf('ca'),
  ),
  builtIn(
    {
      id: 'AU',
      countries: ['AU'],
      licenceScope: 'country',
      retentionYears: 7,
      emergencyNumber: '000',
      crisisLine: '13 11 14',
      sources: [
        'https://www.psychologyboard.gov.au/',
        'https://www.oaic.gov.au/privacy/australian-privacy-principles',
        'https://www.lifeline.org.au/',
      ],
    },
    wordsOf('au'),
  ),
];

/** Where a client or a licence is: a country, and the state or province when known. */
export interface Place {
  /** ISO 3166-1 alpha-2, or null when the text names no country we know. */
  country: string | null;
  /** The subdivision's code within the country (the part after the dash in ISO 3166-2), when known. */
  subdivision: string | null;
  /** A key that compares equal for two spellings of the same place. */
  key: string;
  /** How to name it in a sentence: a US state's code, otherwise the place's name. */
  label: string;
}

const US_STATES: Record<string, string> = {
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
const US_CODES = new Set(Object.values(US_STATES));

/** Canadian provinces and territories, by name. */
const CA_PROVINCES: Record<string, string> = {
  ontario: 'ON',
  quebec: 'QC',
  québec: 'QC',
  'british columbia': 'BC',
  alberta: 'AB',
  manitoba: 'MB',
  saskatchewan: 'SK',
  'nova scotia': 'NS',
  'new brunswick': 'NB',
  'newfoundland and labrador': 'NL',
  'prince edward island': 'PE',
  yukon: 'YT',
  'northwest territories': 'NT',
  nunavut: 'NU',
};

/** Australian states and territories, by name. */
const AU_STATES: Record<string, string> = {
  'new south wales': 'NSW',
  victoria: 'VIC',
  queensland: 'QLD',
  'western australia': 'WA',
  'south australia': 'SA',
  tasmania: 'TAS',
  'australian capital territory': 'ACT',
  'northern territory': 'NT',
};

/** Countries by name, in English and in the languages Squircle is used in. */
const COUNTRY_NAMES: Record<string, string> = {
  'united states': 'US',
  usa: 'US',
  'united states of america': 'US',
  canada: 'CA',
  'united kingdom': 'GB',
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  israel: 'IL',
  ישראל: 'IL',
  australia: 'AU',
  austria: 'AT',
  österreich: 'AT',
  belgium: 'BE',
  bulgaria: 'BG',
  croatia: 'HR',
  cyprus: 'CY',
  czechia: 'CZ',
  'czech republic': 'CZ',
  denmark: 'DK',
  estonia: 'EE',
  finland: 'FI',
  france: 'FR',
  germany: 'DE',
  deutschland: 'DE',
  greece: 'GR',
  hungary: 'HU',
  ireland: 'IE',
  italy: 'IT',
  latvia: 'LV',
  lithuania: 'LT',
  luxembourg: 'LU',
  malta: 'MT',
  netherlands: 'NL',
  'the netherlands': 'NL',
  poland: 'PL',
  portugal: 'PT',
  romania: 'RO',
  slovakia: 'SK',
  slovenia: 'SI',
  spain: 'ES',
  españa: 'ES',
  sweden: 'SE',
};
const COUNTRY_LABEL: Record<string, string> = {};
for (const [name, code] of Object.entries(COUNTRY_NAMES)) {
  if (!COUNTRY_LABEL[code] && /^[a-z]/.test(name) && name.length > 3) {
    COUNTRY_LABEL[code] = name.replace(/\b\w/g, (c) => c.toUpperCase());
  }
}

const titleCase = (s: string) => s.replace(/(^|\s)(\p{L})/gu, (_, sp: string, c: string) => sp + c.toUpperCase());

/**
 * Reads where someone is from free text: "California", "CA" and "US-CA"
 * are the same US state (a bare two-letter code is read as a US state, as
 * records made before other countries were known were written that way);
 * "Ontario" or "CA-ON", "Germany" or "DE-BE", "Israel" name places
 * elsewhere. Text that names nothing known still compares equal to itself.
 * Never throws.
 */
export function parsePlace(text: string, rules: readonly JurisdictionRule[] = JURISDICTION_RULES): Place {
  const t = text.trim().replace(/\s+/g, ' ');
  const lower = t.toLowerCase();
  const upper = t.toUpperCase();
  const us = (code: string): Place => ({ country: 'US', subdivision: code, key: `US-${code}`, label: code });
  const bareUs = upper.replace(/^US[-\s]/, '');
  if (US_CODES.has(bareUs)) return us(bareUs);
  const state = US_STATES[lower.replace(/^us[-\s]/, '')];
  if (state) return us(state);
  const named = (country: string, sub: string | null, label: string): Place => ({
    country,
    subdivision: sub,
    key: sub ? `${country}-${sub}` : country,
    label,
  });
  const province = CA_PROVINCES[lower];
  if (province) return named('CA', province, titleCase(t));
  const au = AU_STATES[lower];
  if (au) return named('AU', au, titleCase(t));
  const country = COUNTRY_NAMES[lower];
  if (country) return named(country, null, COUNTRY_LABEL[country] ?? titleCase(t));
  // A clinic's own entries name their countries: a one-country entry by its name, any by its codes.
  const own = rules.find((r) => r.countries.length === 1 && r.name.toLowerCase() === lower);
  if (own) return named(own.countries[0]!, null, own.name);
  const labelOf = (code: string) =>
    COUNTRY_LABEL[code] ?? rules.find((r) => r.countries.length === 1 && r.countries[0] === code)?.name;
  const known = (code: string) =>
    !!COUNTRY_LABEL[code] || code === 'US' || rules.some((r) => r.countries.includes(code));
  if (/^[A-Z]{2}$/.test(upper) && known(upper)) return named(upper, null, labelOf(upper) ?? upper);
  const iso = /^([A-Z]{2})-([A-Z0-9]{1,3})$/.exec(upper);
  if (iso && known(iso[1]!)) return named(iso[1]!, iso[2]!, `${labelOf(iso[1]!) ?? iso[1]!} (${iso[2]!})`);
  return { country: null, subdivision: null, key: upper, label: upper };
}

/** The entry for a country: a clinic's own first, then the built-in ones. */
export function ruleFor(country: string | null, rules: readonly JurisdictionRule[] = JURISDICTION_RULES) {
  return country ? rules.find((r) => r.countries.includes(country)) : undefined;
}

/**
 * The built-in table with a clinic's entries in front: a clinic entry whose
 * id matches a built-in one replaces it; a new id adds a jurisdiction.
 */
export function withClinicRules(clinic: readonly JurisdictionRule[]): JurisdictionRule[] {
  const ids = new Set(clinic.map((r) => r.id));
  return [...clinic, ...JURISDICTION_RULES.filter((r) => !ids.has(r.id))];
}

/** An entry by its id, as a checklist stores it. */
export const ruleById = (id: string | undefined, rules: readonly JurisdictionRule[] = JURISDICTION_RULES) =>
  id ? rules.find((r) => r.id === id) : undefined;

/** The numbers to call there, in one line and the current language: "112", or "911; crisis line 988". */
export const emergencyLine = (r: JurisdictionRule): string =>
  r.crisisLine
    ? t('jurisdictionText.withCrisisLine', { number: r.emergencyNumber, crisis: r.crisisLine })
    : r.emergencyNumber;
