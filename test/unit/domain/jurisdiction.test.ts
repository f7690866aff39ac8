import { describe, expect, it } from 'vitest';
import { PSYPACT_JURISDICTIONS, jurisdictionCheck, normalizeRegion } from '../../../domain/jurisdiction';

describe('jurisdictionCheck', () => {
  it('reads state names, codes and US- codes alike', () => {
    expect(['ca', 'US-CA', ' California ', 'CA'].map(normalizeRegion)).toEqual(['CA', 'CA', 'CA', 'CA']);
    expect(normalizeRegion('Ontario')).toBe('ONTARIO');
    expect(normalizeRegion('District of Columbia')).toBe('DC');
  });

  it('licensed where the member is: fine', () => {
    expect(jurisdictionCheck('California', { licensedIn: ['CA'], psypact: false })).toEqual({
      ok: true,
      basis: 'licence',
    });
  });

  it('not licensed there: a warning naming the region, never a throw', () => {
    const r = jurisdictionCheck('New York', { licensedIn: ['CA'], psypact: false });
    expect(r.ok).toBe(false);
    expect(r.warning).toMatch(/NY/);
  });

  it('PSYPACT covers a participating region from a home licence in another participating one', () => {
    expect(jurisdictionCheck('TX', { licensedIn: ['CO'], psypact: true })).toEqual({ ok: true, basis: 'psypact' });
    expect(jurisdictionCheck('TX', { licensedIn: ['CO'], psypact: false })).toMatchObject({
      ok: false,
      warning: expect.stringMatching(/no PSYPACT authorisation/),
    });
    expect(jurisdictionCheck('TX', { licensedIn: ['CA'], psypact: true })).toMatchObject({
      ok: false,
      warning: expect.stringMatching(/home licence/),
    });
    expect(jurisdictionCheck('CA', { licensedIn: ['CO'], psypact: true }).ok).toBe(false);
  });

  it('an unknown region, or no licence on record, is a warning', () => {
    expect(jurisdictionCheck(' ', { licensedIn: ['CA'], psypact: true })).toMatchObject({
      ok: false,
      warning: expect.stringMatching(/not recorded/),
    });
    expect(jurisdictionCheck('CA', { licensedIn: [], psypact: false })).toMatchObject({
      ok: false,
      warning: expect.stringMatching(/No licence/),
    });
  });

  it('the PSYPACT list is data the clinic can replace', () => {
    expect(PSYPACT_JURISDICTIONS).toContain('CO');
    expect(jurisdictionCheck('NY', { licensedIn: ['CO'], psypact: true }, ['CO', 'NY']).ok).toBe(true);
  });
});
