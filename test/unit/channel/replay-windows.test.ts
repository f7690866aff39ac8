// The engine's replay windows against a fake store: each counter once,
// loaded once, written in batches after a delay and on stop, kept on a failed write.
import { describe, expect, it } from 'vitest';
import { ReplayWindows } from '../../../channel/replay-windows';
import { ReplayWindow } from '../../../crypto';

function store(o: { failSaves?: number } = {}) {
  const rows = new Map<string, string>();
  let loads = 0;
  const saves: { deviceId: string; epoch: number; window: string }[][] = [];
  let failing = o.failSaves ?? 0;
  return {
    rows,
    saves,
    loads: () => loads,
    deps: {
      load: (deviceId: string, epoch: number) => {
        loads++;
        return Promise.resolve(rows.get(`${deviceId}:${epoch}`));
      },
      save: (batch: { deviceId: string; epoch: number; window: string }[]) => {
        if (failing-- > 0) return Promise.reject(new Error('disk full'));
        saves.push(batch);
        for (const r of batch) rows.set(`${r.deviceId}:${r.epoch}`, r.window);
        return Promise.resolve();
      },
      saveAfterMs: 20,
    },
  };
}

describe('ReplayWindows', () => {
  it('lets each counter in once per sender and epoch', async () => {
    const s = store();
    const w = new ReplayWindows(s.deps);
    expect(await w.check('a', 1, 5)).toBe('fresh');
    await w.record('a', 1, 5);
    expect(await w.check('a', 1, 5)).toBe('replay');
    expect(await w.check('a', 2, 5)).toBe('fresh');
    expect(await w.check('b', 1, 5)).toBe('fresh');
    await w.record('a', 1, 500);
    expect(await w.check('a', 1, 6)).toBe('too-old');
    await w.stop();
  });

  it('reads a stored window once and continues from it', async () => {
    const s = store();
    s.rows.set('a:1', JSON.stringify(ReplayWindow.empty().record(9)));
    const w = new ReplayWindows(s.deps);
    expect(await w.check('a', 1, 9)).toBe('replay');
    expect(await w.check('a', 1, 10)).toBe('fresh');
    await w.record('a', 1, 10);
    expect(s.loads()).toBe(1);
    await w.stop();
  });

  it('writes the windows moved meanwhile in one batch after the delay, and nothing when nothing moved', async () => {
    const s = store();
    const w = new ReplayWindows(s.deps);
    await w.record('a', 1, 1);
    await w.record('b', 1, 1);
    await w.record('a', 1, 2);
    expect(s.saves).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 60));
    expect(s.saves).toHaveLength(1);
    expect(s.saves[0]!.map((r) => r.deviceId).sort()).toEqual(['a', 'b']);
    expect(ReplayWindow.fromJSON(JSON.parse(s.rows.get('a:1')!)).highest).toBe(2);
    await w.stop();
    expect(s.saves).toHaveLength(1);
  });

  it('keeps a window whose write failed and writes it on stop', async () => {
    const s = store({ failSaves: 1 });
    const w = new ReplayWindows(s.deps);
    await w.record('a', 3, 7);
    await w.save();
    expect(s.rows.size).toBe(0);
    await w.stop();
    expect(ReplayWindow.fromJSON(JSON.parse(s.rows.get('a:3')!)).check(7)).toBe('replay');
  });

  it('refuses a damaged stored window rather than starting over', async () => {
    const s = store();
    s.rows.set('a:1', '{"v":1,"size":128,"highest":3,"seen":"zz"}');
    const w = new ReplayWindows(s.deps);
    await expect(w.check('a', 1, 4)).rejects.toThrow('damaged');
  });
});
