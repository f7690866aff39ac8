// The live marker list of a long session: the latest markers listed, the
// rest when the leader asks, and an older marker a shortcut opens listed too.
// (The row that has the focus is kept listed too: linkedom has no focus, so
// test/e2e/marker-list-focus.test.ts shows that in Chromium.)
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { LATEST_SHOWN, MarkerList } from '../../../components/session/MarkerList';
import type { Marker } from '../../../domain/types';
import { plainMarker } from '../storage/support';
import { useTestDom } from './dom';

const many = (n: number): Marker[] =>
  Array.from({ length: n }, (_, i) => plainMarker({ id: `m${i}`, sessionId: 's', at: i * 1000, text: `moment ${i}` }));

describe('MarkerList of a long session', () => {
  const dom = useTestDom();
  const rows = () =>
    [...dom.root.querySelectorAll('ul.markers > li')].map((li) => (li as HTMLElement).dataset.markerId);
  const list = (markers: Marker[], open: { id: string; focus: 'text' } | null = null) =>
    act(() =>
      render(
        h(MarkerList, {
          markers,
          members: [],
          custom: [],
          onUpdate: () => undefined,
          onRemove: () => undefined,
          onRestore: () => undefined,
          open,
        }),
        dom.root,
      ),
    );

  it('lists every marker of a short session, with no button', async () => {
    await list(many(LATEST_SHOWN));
    expect(rows()).toHaveLength(LATEST_SHOWN);
    expect(dom.root.querySelector('button.show-all')).toBeNull();
  });

  it('lists the latest of a long one, newest first, with the count; all when asked, and fewer again', async () => {
    const markers = many(LATEST_SHOWN + 30);
    await list(markers);
    expect(rows()).toEqual(
      markers
        .slice(30)
        .reverse()
        .map((m) => m.id),
    );
    expect(dom.root.textContent).toContain(`The latest ${LATEST_SHOWN} of ${LATEST_SHOWN + 30} are listed.`);
    expect(dom.root.querySelector('h2')!.textContent).toBe(`Markers (${LATEST_SHOWN + 30})`);
    const button = dom.root.querySelector<HTMLButtonElement>('button.show-all')!;
    expect(button.getAttribute('aria-pressed')).toBe('false');
    await act(() => button.click());
    expect(rows()).toEqual([...markers].reverse().map((m) => m.id));
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(dom.root.textContent).toContain(`All ${LATEST_SHOWN + 30} are listed.`);
    await act(() => button.click());
    expect(rows()).toHaveLength(LATEST_SHOWN);
  });

  it('lists an older marker that is asked to open, with its editor', async () => {
    const markers = many(LATEST_SHOWN + 5);
    await list(markers, { id: 'm0', focus: 'text' });
    expect(rows()).toContain('m0');
    expect(dom.root.querySelector('li[data-marker-id="m0"] form.editor')).not.toBeNull();
  });
});
