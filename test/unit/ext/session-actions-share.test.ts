// How SessionActions hands a group session's changes to the channel sink.
import { describe, expect, it } from 'vitest';
import type { ChannelEvent } from '../../../channel/events';
import { SessionActions } from '../../../ext/common/session-actions';
import { freshDb, randomCipher } from '../storage/support';

describe('SessionActions sharing', () => {
  it('sends the first change at once, later ones together in order; each mark resolves once handed off', async () => {
    const calls: { groupId: string; events: ChannelEvent[]; release: () => void }[] = [];
    const sink = (groupId: string, events: ChannelEvent[]) =>
      new Promise<void>((release) => calls.push({ groupId, events, release }));
    const actions = new SessionActions(freshDb(), randomCipher(), 'me', Date.now, sink);
    // start() hands off too: let it through.
    const started = actions.start('group', 'g1', 'none', '');
    await until(() => calls.length === 1);
    calls[0]!.release();
    const session = await started;

    const first = actions.mark(session, { category: 'general.mark', text: '1' });
    await until(() => calls.length === 2);
    expect(markerTexts(calls[1]!.events)).toEqual(['1']);
    let resolved = 0;
    const rest = ['2', '3', '4'].map((text) =>
      actions.mark(session, { category: 'general.mark', text }).then(() => resolved++),
    );
    // All three are stored while the first hand-off is still running, and wait for it.
    await until(async () => (await actions.markers.listBySession(session.id)).length === 4);
    expect(calls.length).toBe(2);
    expect(resolved).toBe(0);
    calls[1]!.release();
    await first;
    await until(() => calls.length === 3);
    expect(calls[2]!.groupId).toBe('g1');
    expect(markerTexts(calls[2]!.events)).toEqual(['2', '3', '4']);
    expect(resolved).toBe(0);
    calls[2]!.release();
    await Promise.all(rest);
    expect(resolved).toBe(3);
  });

  it('writes a marker here only once its co-leader copy is handed off, or after a wait if that stalls', async () => {
    const db = freshDb();
    const order: string[] = [];
    let stall = false;
    const sink = async (_g: string, events: ChannelEvent[], handedOff?: () => void) => {
      const text = markerTexts(events)[0];
      if (text === undefined) return;
      // What is stored here when the co-leader's copy goes out.
      order.push(`handed off ${text} (stored: ${await db.markers.count()})`);
      if (!stall) handedOff?.();
      else await new Promise(() => {}); // never handed off, never resolves
    };
    const actions = new SessionActions(db, randomCipher(), 'me', Date.now, sink);
    const session = await actions.start('group', 'g1', 'none', '');
    const m = await actions.mark(session, { category: 'general.mark', text: 'one' });
    expect(order).toEqual(['handed off one (stored: 0)']);
    expect((await actions.markers.get(m.id))!.text).toBe('one');

    stall = true;
    const started = Date.now();
    const stalled = actions.mark(session, { category: 'general.mark', text: 'two' });
    await until(async () => (await actions.markers.listBySession(session.id)).length === 2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(order).toEqual(['handed off one (stored: 0)', 'handed off two (stored: 1)']);
    void stalled;
  });

  it('holds the local write of a marker sent at once until it was handed off, past the sink resolving', async () => {
    const db = freshDb();
    let handedOff: (() => void) | undefined;
    // Sent at once (true): handedOff comes later, when the broker delivered the envelope.
    const sink = async (_g: string, events: ChannelEvent[], h?: () => void) => {
      if (markerTexts(events).length) handedOff = h;
      return true;
    };
    const actions = new SessionActions(db, randomCipher(), 'me', Date.now, sink);
    const session = await actions.start('group', 'g1', 'none', '');
    const started = Date.now();
    const marked = actions.mark(session, { category: 'general.mark', text: 'one' });
    await until(() => handedOff !== undefined);
    await new Promise((r) => setTimeout(r, 20));
    // Within the longest wait (100 ms), nothing is written before the hand-off.
    if (Date.now() - started < 90) expect(await db.markers.count()).toBe(0);
    handedOff!();
    const m = await marked;
    expect((await actions.markers.get(m.id))!.text).toBe('one');
  });

  it('keeps going after a failed hand-off, and shares nothing of a solo session', async () => {
    const got: ChannelEvent[][] = [];
    let fail = true;
    const sink = async (_g: string, events: ChannelEvent[]) => {
      if (fail) {
        fail = false;
        throw new Error('broker gone');
      }
      got.push(events);
    };
    const actions = new SessionActions(freshDb(), randomCipher(), 'me', Date.now, sink);
    const session = await actions.start('group', 'g1', 'none', ''); // this hand-off fails; start still resolves
    await actions.mark(session, { category: 'general.mark', text: 'after' });
    expect(got.map(markerTexts)).toEqual([['after']]);
    const solo = await actions.start('client', 'c1', 'none', '');
    await actions.mark(solo, { category: 'general.mark', text: 'solo' });
    expect(got.flat().some((e) => e.t === 'marker' && e.text === 'solo')).toBe(false);
  });
});

const markerTexts = (events: ChannelEvent[]) => events.flatMap((e) => (e.t === 'marker' ? [e.text] : []));

async function until(ok: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
