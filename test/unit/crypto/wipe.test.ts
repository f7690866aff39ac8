import { expect, it } from 'vitest';
import { newVaultKey, wipe } from '../../../crypto';

it('zero-fills every buffer in place and skips empty slots', () => {
  const a = newVaultKey();
  const b = Uint8Array.from([1, 2, 3]);
  const view = a.subarray(8, 16);
  wipe(a, null, b, undefined);
  expect(a.every((x) => x === 0)).toBe(true);
  expect(view.every((x) => x === 0)).toBe(true);
  expect([...b]).toEqual([0, 0, 0]);
});
