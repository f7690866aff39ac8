import { describe, expect, it } from 'vitest';
import {
  PSYPACT_JURISDICTIONS,
  jurisdictionCheck,
  jurisdictionWarning,
  normalizeRegion,
} from '../../../domain/jurisdiction';
import {
  JURISDICTION_RULES,
  emergencyLine,
  parsePlace,
  ruleById,
  ruleFor,
  withClinicRules,
  type JurisdictionRule,
} from '../../../domain/jurisdictions';

/** The check with its warning as the checklist shows it (in English here). */
const shown = (...a: Parameters<typeof jurisdictionCheck>) => {
  const r = jurisdictionCheck(...a);
  return { ...r, warning: jurisdictionWarning(r) };
};

describe('jurisdictionCheck', () => {
  it('reads state names, codes and US- codes alike', () => {
    expect(['ca', 'US-CA', ' California ', 'CA'].map(normalizeRegion)).toEqual(['CA', 'CA', 'CA', 'CA']);
    expect(['Ontario', 'CA-ON', 'ontario'].map(normalizeRegion)).toEqual(['CA-ON', 'CA-ON', 'CA-ON']);
    expect(normalizeRegion('Atlantis')).toBe('ATLANTIS');
    expect(normalizeRegion('District of Columbia')).toBe('DC');
  });

  it('licensed where the member is: fine', () => {
    expect(jurisdictionCheck('California', { licensedIn: ['CA'], psypact: false })).toEqual({
      ok: true,
      basis: 'licence',
      ruleId: 'US',
    });
  });

  it('not licensed there: a warning naming the region, never a throw', () => {
    const r = shown('New York', { licensedIn: ['CA'], psypact: false });
    expect(r.ok).toBe(false);
    expect(r.warning).toMatch(/NY/);
  });

  it('PSYPACT covers a participating region from a home licence in another participating one', () => {
    expect(jurisdictionCheck('TX', { licensedIn: ['CO'], psypact: true })).toEqual({
      ok: true,
      basis: 'psypact',
      ruleId: 'US',
    });
    expect(shown('TX', { licensedIn: ['CO'], psypact: false })).toMatchObject({
      ok: false,
      warning: expect.stringMatching(/no PSYPACT authorisation/),
    });
    expect(shown('TX', { licensedIn: ['CA'], psypact: true })).toMatchObject({
      ok: false,
      warning: expect.stringMatching(/home licence/),
    });
    expect(jurisdictionCheck('CA', { licensedIn: ['CO'], psypact: true }).ok).toBe(false);
  });

  it('an unknown region, or no licence on record, is a warning', () => {
    expect(shown(' ', { licensedIn: ['CA'], psypact: true })).toMatchObject({
      ok: false,
      warning: expect.stringMatching(/not recorded/),
    });
    expect(shown('CA', { licensedIn: [], psypact: false })).toMatchObject({
      ok: false,
      warning: expect.stringMatching(/No licence/),
    });
  });

  it('the PSYPACT list is data the clinic can replace', () => {
    expect(PSYPACT_JURISDICTIONS).toContain('CO');
    expect(jurisdictionCheck('NY', { licensedIn: ['CO'], psypact: true }, ['CO', 'NY']).ok).toBe(true);
  });

  it('a national licence covers the whole country; a provincial one only its province', () => {
    const il = { licensedIn: ['Israel'], psypact: false };
    expect(jurisdictionCheck('ישראל', il)).toEqual({ ok: true, basis: 'licence', ruleId: 'IL' });
    // A bare IL is Illinois, as records written before other countries were known meant it.
    expect(jurisdictionCheck('IL', il)).toMatchObject({ ok: false, ruleId: 'US' });
    expect(jurisdictionCheck('Germany', { licensedIn: ['DE-BY'], psypact: false })).toMatchObject({ ok: true });
    expect(shown('Spain', { licensedIn: ['Germany'], psypact: true })).toMatchObject({
      ok: false,
      ruleId: 'EU',
      warning: expect.stringMatching(/licensed in Spain/),
    });
    expect(jurisdictionCheck('Quebec', { licensedIn: ['Ontario'], psypact: false })).toMatchObject({
      ok: false,
      ruleId: 'CA',
    });
    expect(jurisdictionCheck('CA-ON', { licensedIn: ['ontario'], psypact: false }).ok).toBe(true);
    expect(jurisdictionCheck('Victoria', { licensedIn: ['Australia'], psypact: false }).ok).toBe(true);
    expect(jurisdictionCheck('Scotland', { licensedIn: ['United Kingdom'], psypact: false }).ok).toBe(true);
  });

  it('keeps the warning as data, so a checklist saved in one language reads in another', async () => {
    const r = jurisdictionCheck('Spain', { licensedIn: ['Germany'], psypact: false });
    expect(r).toEqual({ ok: false, problem: 'notLicensed', region: 'Spain', ruleId: 'EU' });
    const { useMessages } = await import('../../../util/i18n');
    const { builtMessages } = await import('../../support/messages');
    useMessages('de', await builtMessages('de'));
    expect(jurisdictionWarning(r)).toMatch(/^Für Spanien, wo dieses Mitglied jetzt ist/);
    // A checklist saved before warnings were data holds the English sentence; it still shows.
    expect(jurisdictionWarning({ ok: false, warning: 'Not licensed in NY.' })).toBe('Not licensed in NY.');
    expect(jurisdictionWarning({ ok: true, basis: 'licence' })).toBeUndefined();
  });

  it('PSYPACT reaches only US states', () => {
    expect(jurisdictionCheck('Ontario', { licensedIn: ['CO'], psypact: true }).ok).toBe(false);
  });
});

describe('the jurisdiction table', () => {
  it('has the six required jurisdictions, each with an emergency number, a retention default and a source', () => {
    expect(JURISDICTION_RULES.map((r) => r.id)).toEqual(['US', 'EU', 'GB', 'IL', 'CA', 'AU']);
    for (const r of JURISDICTION_RULES) {
      expect(r.emergencyNumber).toMatch(/^\d{3}$/);
      expect(r.retentionYears).toBeGreaterThanOrEqual(5);
      expect(r.sources.length).toBeGreaterThan(0);
      expect([r.licence, r.consent, r.retentionNote].every((t) => /[.)]$/.test(t))).toBe(true);
    }
    const countries = JURISDICTION_RULES.flatMap((r) => r.countries);
    expect(new Set(countries).size).toBe(countries.length);
    expect(ruleFor('DE')?.id).toBe('EU');
    expect(ruleFor(null)).toBeUndefined();
    expect(ruleFor('JP')).toBeUndefined();
  });

  it('reads places in several spellings and languages', () => {
    expect(parsePlace(' new  south wales ')).toMatchObject({ country: 'AU', subdivision: 'NSW', key: 'AU-NSW' });
    expect(parsePlace('Deutschland')).toMatchObject({ country: 'DE', key: 'DE', label: 'Germany' });
    expect(parsePlace('España')).toMatchObject({ country: 'ES', label: 'Spain' });
    expect(parsePlace('de-be')).toMatchObject({ country: 'DE', subdivision: 'BE', label: 'Germany (BE)' });
    expect(parsePlace('DE')).toMatchObject({ country: 'US', subdivision: 'DE', label: 'DE' });
    expect(parsePlace('XX-1')).toMatchObject({ country: null, key: 'XX-1' });
  });

  it('a clinic replaces an entry by its id, or adds one', () => {
    const own: JurisdictionRule = { ...ruleById('GB')!, retentionYears: 25, retentionNote: 'Clinic policy.' };
    const nz: JurisdictionRule = { ...ruleById('AU')!, id: 'NZ', name: 'New Zealand', countries: ['NZ'] };
    const rules = withClinicRules([own, nz]);
    expect(rules.filter((r) => r.id === 'GB')).toEqual([own]);
    expect(ruleById('NZ', rules)?.name).toBe('New Zealand');
    expect(rules).toHaveLength(JURISDICTION_RULES.length + 1);
    // The clinic's countries are read by name and code, and checked with its licence scope.
    expect(parsePlace('new zealand', rules)).toMatchObject({ country: 'NZ', label: 'New Zealand' });
    expect(parsePlace('NZ-AUK', rules)).toMatchObject({ country: 'NZ', subdivision: 'AUK' });
    expect(parsePlace('New Zealand')).toMatchObject({ country: null });
    expect(
      jurisdictionCheck('New Zealand', { licensedIn: ['NZ'], psypact: false }, PSYPACT_JURISDICTIONS, rules),
    ).toEqual({ ok: true, basis: 'licence', ruleId: 'NZ' });
    expect(ruleById(jurisdictionCheck('Scotland', { licensedIn: [], psypact: false }, [], rules).ruleId, rules)).toBe(
      own,
    );
  });

  it('names the numbers to call', () => {
    expect(emergencyLine(ruleById('EU')!)).toBe('112');
    expect(emergencyLine(ruleById('US')!)).toBe('911; crisis line 988');
  });
});
