// The engine's replay windows against a fake store: each counter once,
// loaded once, written in batches after a delay and on stop, kept on a failed write.
import { describe, expect, it } from 'vitest';
import { ReplayWindows } from '../../../channel/replay-windows';
import { ReceiveChain, ReplayWindow, sendChain, takeSendKeys } from '../../../crypto';
import { toHex } from '../../../crypto/wire';

function store(o: { failSaves?: number } = {}) {
  const rows = new Map<string, string>();
  const chains = new Map<string, string>();
  let loads = 0;
  const saves: { deviceId: string; epoch: number; window: string; chain?: string }[][] = [];
  let failing = o.failSaves ?? 0;
  return {
    rows,
    chains,
    saves,
    loads: () => loads,
    deps: {
      load: (deviceId: string, epoch: number) => {
        loads++;
        return Promise.resolve(rows.get(`${deviceId}:${epoch}`));
      },
      loadChain: (deviceId: string, epoch: number) => Promise.resolve(chains.get(`${deviceId}:${epoch}`)),
      save: (batch: { deviceId: string; epoch: number; window: string; chain?: string }[]) => {
        if (failing-- > 0) return Promise.reject(new Error('disk full'));
        saves.push(batch);
        for (const r of batch) rows.set(`${r.deviceId}:${r.epoch}`, r.window);
        for (const r of batch) if (r.chain) chains.set(`${r.deviceId}:${r.epoch}`, r.chain);
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

  it('gives each message key of a chain once, writes the chain moved on, forgets an erased epoch', async () => {
    const s = store();
    const ck = new Uint8Array(32).fill(3);
    s.chains.set('a:2', JSON.stringify(ReceiveChain.start(ck)));
    const { keys } = takeSendKeys(sendChain(ck), 3);
    const w = new ReplayWindows(s.deps);
    expect(toHex((await w.messageKey('a', 2, 2))!)).toBe(toHex(keys[1]!));
    expect(await w.messageKey('a', 2, 2)).toBeUndefined();
    expect(await w.messageKey('b', 2, 1)).toBeUndefined(); // no chain stored for b
    await w.save();
    // What was written holds key 1 (skipped) and the chain past 2: not key 2.
    const written = ReceiveChain.fromJSON(JSON.parse(s.chains.get('a:2')!));
    expect(written.next).toBe(3);
    expect(toHex(written.take(1)!)).toBe(toHex(keys[0]!));
    expect(written.take(2)).toBeUndefined();
    w.forget([2]);
    s.chains.delete('a:2');
    expect(await w.messageKey('a', 2, 3)).toBeUndefined();
    await w.stop();
  });
});
