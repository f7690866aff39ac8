// What each kind of clear column takes, at its edges: the whole value must fit (anchored), up to
// its length, and numbers must be finite.
import { describe, expect, it } from 'vitest';
import { RecordNotFoundError, fitsColumn } from '../../../storage/sealed-table';

describe('fitsColumn', () => {
  it('takes ids of 1 to 128 safe characters, whole', () => {
    expect(fitsColumn('id', 'a'.repeat(128))).toBe(true);
    expect(fitsColumn('id', 'Ab0._:-')).toBe(true);
    for (const bad of ['', 'a'.repeat(129), '!abc', 'abc!', 'a b', 7])
      expect(fitsColumn('id', bad), String(bad)).toBe(false);
  });

  it('takes codes of 1 to 64 safe characters, whole', () => {
    expect(fitsColumn('code', 'c'.repeat(64))).toBe(true);
    for (const bad of ['', 'c'.repeat(65), ' risk.crisis', 'risk.crisis ', 'risk crisis', null])
      expect(fitsColumn('code', bad), String(bad)).toBe(false);
  });

  it('takes hashes of up to 256 base64 or hex characters, the empty one too, whole', () => {
    expect(fitsColumn('hash', '')).toBe(true);
    expect(fitsColumn('hash', 'h'.repeat(256))).toBe(true);
    expect(fitsColumn('hash', 'aB+/=_-')).toBe(true);
    for (const bad of ['h'.repeat(257), '#abc', 'abc#', 'a b', 1])
      expect(fitsColumn('hash', bad), String(bad)).toBe(false);
  });

  it('takes finite numbers as times and only 0 and 1 as flags', () => {
    expect(fitsColumn('time', 0)).toBe(true);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '1', null]) expect(fitsColumn('time', bad)).toBe(false);
    expect([0, 1, 2, true, '1'].map((v) => fitsColumn('flag', v))).toEqual([true, true, false, false, false]);
  });
});

it('RecordNotFoundError names itself and the record', () => {
  const e = new RecordNotFoundError('markers', 'm1');
  expect(e.name).toBe('RecordNotFoundError');
  expect(e.message).toContain('markers/m1');
});
