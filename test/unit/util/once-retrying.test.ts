import { describe, expect, it } from 'vitest';
import { onceRetrying } from '../../../util/once-retrying';

/** A load whose outcome the test decides, counting its calls. */
function controlled<T>() {
  const calls: { resolve: (v: T) => void; reject: (e: Error) => void }[] = [];
  const load = () =>
    new Promise<T>((resolve, reject) => {
      calls.push({ resolve, reject });
    });
  return { load, calls };
}

describe('onceRetrying', () => {
  it('loads once for every caller, at once and later, and then has the value at hand', async () => {
    const { load, calls } = controlled<{ n: number }>();
    const get = onceRetrying(load);
    expect(get.value).toBeUndefined();
    const a = get();
    const b = get();
    expect(calls).toHaveLength(1);
    expect(get.value).toBeUndefined();
    const loaded = { n: 1 };
    calls[0]!.resolve(loaded);
    expect(await a).toBe(loaded);
    expect(await b).toBe(loaded);
    expect(get.value).toBe(loaded);
    expect(await get()).toBe(loaded);
    expect(calls).toHaveLength(1);
  });

  it('forgets a failed load: its callers get the error, the next caller loads again', async () => {
    const { load, calls } = controlled<string>();
    const get = onceRetrying(load);
    const first = get();
    const second = get();
    calls[0]!.reject(new Error('network down'));
    await expect(first).rejects.toThrow('network down');
    await expect(second).rejects.toThrow('network down');
    expect(get.value).toBeUndefined();
    const retry = get();
    expect(calls).toHaveLength(2);
    calls[1]!.resolve('code');
    expect(await retry).toBe('code');
    expect(get.value).toBe('code');
  });

  it('counts a load that throws before it returns a promise as a failed load', async () => {
    let fail = true;
    const get = onceRetrying(() => {
      if (fail) throw new Error('no such module');
      return Promise.resolve(7);
    });
    await expect(get()).rejects.toThrow('no such module');
    fail = false;
    expect(await get()).toBe(7);
  });

  it('has a loaded falsy value (0) at hand like any other', async () => {
    const get = onceRetrying(async () => 0);
    expect(get.value).toBeUndefined();
    expect(await get()).toBe(0);
    expect(get.value).toBe(0);
  });
});
