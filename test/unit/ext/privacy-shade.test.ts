import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SHADE_KEY, setShade, watchShade } from '../../../ext/common/privacy-shade';

describe('the privacy shade state', () => {
  it('is off until set, tells every watcher at once, and lives in storage.session only', async () => {
    const a: boolean[] = [];
    const b: boolean[] = [];
    const offA = watchShade((on) => a.push(on));
    const offB = watchShade((on) => b.push(on));
    await new Promise((r) => setTimeout(r, 0));
    await setShade(true);
    await setShade(false);
    offA();
    await setShade(true);
    offB();
    expect(a).toEqual([false, true, false]);
    expect(b).toEqual([false, true, false, true]);
    expect(await fakeBrowser.storage.session.get(SHADE_KEY)).toEqual({ [SHADE_KEY]: true });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('ignores other keys and other storage areas', async () => {
    const seen: boolean[] = [];
    const off = watchShade((on) => seen.push(on));
    await new Promise((r) => setTimeout(r, 0));
    await fakeBrowser.storage.session.set({ vaultKey: 'x' });
    await fakeBrowser.storage.local.set({ [SHADE_KEY]: true });
    off();
    expect(seen).toEqual([false]);
  });
});
