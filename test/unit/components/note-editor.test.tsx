// A co-leader's version that reaches this panel while this leader's own save
// is running, with the stored note this save produced arriving before the
// save returns (the order the CI run hit once the channel got faster): the
// field must end showing both leaders' texts, as stored, not only this
// leader's. The live note and the save are driven by hand to force that
// order; the merging is the real domain/merge.ts.
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { LocalClock } from '../../../channel/local-events';
import type { Live } from '../../../components/useLive';
import { NoteEditor } from '../../../components/session/NoteEditor';
import { fieldContext, fieldText, writeVersion, type FieldState } from '../../../domain/merge';
import { noteTemplates } from '../../../domain/templates';
import type { Note } from '../../../domain/types';
import { fieldCipher, newVaultKey } from '../../../crypto';
import { keptNotes } from '../../../ext/panel/kept-on-close';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useTestDom } from './dom';

const MINE = 'rough week mentioned';
const THEIRS = 'no risk raised';

describe('NoteEditor, a co-leader writing the same field during this leader’s save', () => {
  const dom = useTestDom();
  const wait = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)));
  const risk = () => dom.root.querySelector<HTMLTextAreaElement>('textarea[data-field="risk"]')!;

  it('ends showing both texts once the stored note holds both, whichever arrives first', async () => {
    const mine = new LocalClock('A');
    const theirs = new LocalClock('B');
    let state: FieldState = { heads: [], seen: [] };
    let push: ((n: Note | undefined) => void) | undefined;
    const note = (): Note => ({
      id: 'n',
      sessionId: 's',
      template: 'group-process',
      noteClass: 'process',
      fields: { risk: fieldText(state) },
      versions: { risk: state },
      updatedAt: 0,
    });
    const live = (): Live<Note | undefined> => ({
      subscribe(o) {
        push = (n) => o.next(n);
        o.next(undefined);
        return { unsubscribe: () => (push = undefined) };
      },
    });
    let finishSave: (() => void) | undefined;
    const save = vi.fn(
      async (_s: string, _t: string, changed: Record<string, string>, shown?: Record<string, string[]>) => {
        // While this save runs: the co-leader's version arrives (written on top of nothing),
        const b = writeVersion({ heads: [], seen: [] }, theirs.next(), 'B', THEIRS, []);
        state = { heads: [...state.heads, ...b.state.heads], seen: state.seen };
        push?.(note());
        // then this save is stored beside it (it superseded only what was on screen) and the live note
        // says so, all before the save returns.
        const a = writeVersion(state, mine.next(), 'A', changed.risk!, shown?.risk ?? fieldContext(state));
        state = a.state;
        push?.(note());
        await new Promise<void>((r) => (finishSave = r));
        return { risk: a.version.hlc };
      },
    );
    await act(() =>
      render(
        h(NoteEditor, {
          sessionId: 's',
          defaultTemplate: 'group-process',
          notes: { templates: noteTemplates(), live, save, ...keptNotes(fieldCipher(newVaultKey())) } as never,
          timelineText: () => '',
        }),
        dom.root,
      ),
    );
    await wait(0);
    await act(() => void dom.type(risk(), MINE));
    await wait(1500);
    expect(save).toHaveBeenCalledTimes(1);
    expect(fieldText(state)).toContain(MINE);
    expect(fieldText(state)).toContain(THEIRS);
    // While the save has not returned, the leader's text stays as typed.
    expect(risk().value).toBe(MINE);
    await act(async () => finishSave!());
    await wait(0);
    expect(risk().value).toBe(fieldText(state));
    expect(risk().value).toContain(THEIRS);
    // Nothing more to save: the field is what is stored.
    await wait(3000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('takes back what a closed or locked panel handed over, saves it, then drops the hand-over', async () => {
    const clock = new LocalClock('A');
    const stored = writeVersion({ heads: [], seen: [] }, clock.next(), 'A', 'stored before', []);
    const note: Note = {
      id: 'n',
      sessionId: 's',
      template: 'group-process',
      noteClass: 'process',
      fields: { risk: fieldText(stored.state) },
      versions: { risk: stored.state },
      updatedAt: 0,
    };
    const live = (): Live<Note | undefined> => ({
      subscribe(o) {
        o.next(note);
        return { unsubscribe: () => undefined };
      },
    });
    const kept = keptNotes(fieldCipher(newVaultKey()));
    const handedOver = 'stored before, and typed as the panel closed';
    const shown = { risk: fieldContext(stored.state) };
    // The real hand-over, sealed into (the fake browser's) storage.session.
    kept.keep('s', 'group-process', { risk: handedOver }, shown);
    await expect.poll(async () => Object.keys(await fakeBrowser.storage.session.get(null))).toHaveLength(1);
    const save = vi.fn(async () => ({ risk: 'v2' }));
    await act(() =>
      render(
        h(NoteEditor, {
          sessionId: 's',
          defaultTemplate: 'group-process',
          notes: { templates: noteTemplates(), live, save, ...kept } as never,
          timelineText: () => '',
        }),
        dom.root,
      ),
    );
    await wait(0);
    await wait(0);
    expect(risk().value).toBe(handedOver);
    await wait(1500);
    expect(save).toHaveBeenCalledWith('s', 'group-process', { risk: handedOver }, shown);
    await wait(0);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});
