// The session timeline as a person meets it: lanes named by first name, a
// count that reads right, pins that say what they hold, one Tab stop that
// arrow keys move, Enter (a click) opening a marker, and shared pins that
// list their markers. (Sizes and overlap as drawn are looked at in Chromium.)
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../../components/session/Timeline';
import type { Marker, Member } from '../../../domain/types';
import { marker, member } from '../domain/builders';
import { useTestDom } from './dom';

const MIN = 60_000;
const at = (id: string, ms: number, memberId: string | null, category = 'general.mark', text = ''): Marker =>
  marker({ id, at: ms, memberId, category, text });
const members: Member[] = [member('a', 'Avery Jones'), member('b', 'Bartholomew Okonkwo')];

describe('Timeline', () => {
  const dom = useTestDom();
  const opened: Marker[] = [];
  const draw = (markers: Marker[], durationMs = 30 * MIN) =>
    act(() => render(h(Timeline, { markers, members, durationMs, onOpen: (m) => opened.push(m) }), dom.root));
  const pins = () => [...dom.root.querySelectorAll<HTMLButtonElement>('button.pin')];
  const named = (label: string) => pins().find((p) => p.getAttribute('aria-label')!.startsWith(label))!;
  // linkedom keeps the case Preact wrote the attribute in.
  const tabIndex = (p: Element) => p.getAttribute('tabindex') ?? p.getAttribute('tabIndex');
  // linkedom has no KeyboardEvent: an Event with the key a keyboard would set.
  const key = (el: Element, k: string) =>
    act(() => {
      const e = new (dom.doc.defaultView as unknown as typeof globalThis).Event('keydown', { bubbles: true });
      Object.defineProperty(e, 'key', { value: k });
      el.dispatchEvent(e);
    });

  it('names its lanes by first name with the full name kept, and counts its markers in words', async () => {
    await draw([at('1', MIN, 'a', 'risk.crisis', 'Said she cannot go on')]);
    const lanes = [...dom.root.querySelectorAll('.timeline-lane-label')];
    expect(lanes.map((l) => [l.textContent, l.getAttribute('title')])).toEqual([
      ['Group', 'Whole group'],
      ['Avery', 'Avery Jones'],
      ['Bartholomew', 'Bartholomew Okonkwo'],
    ]);
    expect(dom.root.querySelector('figcaption')!.textContent).toBe('Timeline, 1 marker');
    expect(pins().map((p) => p.getAttribute('aria-label'))).toEqual([
      '1:00, Crisis, Avery Jones: Said she cannot go on',
    ]);
    expect(pins()[0]!.textContent).toBe('!');
    expect([...dom.root.querySelectorAll('.timeline-legend li')].map((l) => l.textContent)).toEqual(['!Risk']);
    await draw([at('1', MIN, 'a'), at('2', 20 * MIN, null)]);
    expect(dom.root.querySelector('figcaption')!.textContent).toBe('Timeline, 2 markers');
  });

  it('keeps one Tab stop, moved by arrow keys along a lane and across lanes', async () => {
    await draw([at('g1', 2 * MIN, null), at('g2', 20 * MIN, null), at('a1', 18 * MIN, 'a')]);
    const stops = () =>
      pins()
        .filter((p) => tabIndex(p) === '0')
        .map((p) => p.dataset.key);
    expect(stops()).toEqual(['g1']);
    await key(named('2:00'), 'ArrowRight');
    expect(stops()).toEqual(['g2']);
    await key(named('20:00'), 'ArrowDown');
    expect(stops()).toEqual(['a1']);
    await key(named('18:00'), 'ArrowUp');
    expect(stops()).toEqual(['g2']);
    await key(named('20:00'), 'Home');
    expect(stops()).toEqual(['g1']);
  });

  it('opens a marker from its pin, and lists the markers of a shared pin to open one', async () => {
    opened.length = 0;
    const close = [at('x', 5 * MIN, 'b', 'body.face'), at('y', 5 * MIN + 5000, 'b', 'risk.crisis')];
    await draw([at('g1', 2 * MIN, null), ...close]);
    await act(() => named('2:00').click());
    expect(opened.map((m) => m.id)).toEqual(['g1']);
    const shared = named('2 markers');
    expect(shared.getAttribute('aria-label')).toBe('2 markers, including risk, 5:00 to 5:05, Bartholomew Okonkwo');
    expect(shared.textContent).toBe('2!');
    expect(shared.getAttribute('aria-expanded')).toBe('false');
    await act(() => shared.click());
    expect(shared.getAttribute('aria-expanded')).toBe('true');
    const listed = [...dom.root.querySelectorAll<HTMLButtonElement>('.timeline-readout button')];
    expect(listed.map((b) => b.textContent)).toEqual([
      'B 5:00 Reaction in the face · Bartholomew Okonkwo',
      '! 5:05 Crisis · Bartholomew Okonkwo',
    ]);
    await act(() => listed[1]!.click());
    expect(opened.map((m) => m.id)).toEqual(['g1', 'y']);
    await key(shared, 'Escape');
    expect(shared.getAttribute('aria-expanded')).toBe('false');
  });

  it('places pins by their own time alone: a longer session and a new marker leave an old pin as it was', async () => {
    await draw([at('1', MIN, 'a')], 10 * MIN);
    const pin = named('1:00');
    const style = pin.getAttribute('style');
    const span = () => dom.root.querySelector<HTMLElement>('.timeline-lanes')!.getAttribute('style');
    expect(span()).toContain(`--span:${10 * MIN}`);
    await draw([at('1', MIN, 'a'), at('2', 50 * MIN, 'a')], 50 * MIN);
    expect(named('1:00')).toBe(pin);
    expect(pin.getAttribute('style')).toBe(style);
    expect(span()).toContain(`--span:${50 * MIN}`);
  });
});
