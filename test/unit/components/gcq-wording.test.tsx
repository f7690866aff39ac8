// The GCQ-S wording card in Settings, rendered into linkedom: all 12 items or none are saved;
// anything else is named and nothing is saved; a clinic's lock disables it.
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { GcqWording } from '../../../components/options/GcqWording';
import { useTestDom } from './dom';

const dom = useTestDom();
const twelve = Array.from({ length: 12 }, (_, i) => `Wording ${i + 1}`);

describe('GcqWording', () => {
  const mount = (saved: string[][], locked = false) =>
    act(() =>
      render(
        h(GcqWording, { value: [], locked, clinic: 'Northside', save: async (x) => void saved.push(x) }),
        dom.root,
      ),
    );
  const area = () => dom.root.querySelector('textarea#gcq-wording') as HTMLTextAreaElement;
  const submit = () =>
    act(() => void dom.root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true })));

  it('saves the 12 items one a line, blank lines and spaces left out', async () => {
    const saved: string[][] = [];
    mount(saved);
    expect(area().getAttribute('autocomplete')).toBe('off');
    act(() => void dom.type(area(), ['', ...twelve.map((t) => `  ${t} `), ''].join('\n')));
    submit();
    await act(async () => undefined);
    expect(saved).toEqual([twelve]);
    expect(dom.root.textContent).toContain('Saved.');
  });

  it('names a count that is not 12 and saves nothing', () => {
    const saved: string[][] = [];
    mount(saved);
    act(() => void dom.type(area(), twelve.slice(0, 11).join('\n')));
    expect(dom.root.textContent).toContain('Enter all 12 items, one a line: there are 11 now. Nothing was saved.');
    expect((dom.root.querySelector('button[type="submit"]') as HTMLButtonElement).disabled).toBe(true);
    submit();
    expect(saved).toEqual([]);
  });

  it('locked by the clinic: disabled, and says who manages it', () => {
    mount([], true);
    expect(dom.root.querySelector('fieldset')?.hasAttribute('disabled')).toBe(true);
    expect(dom.root.querySelector('[data-locked="gcqItemWording"]')?.textContent).toContain('Managed by Northside');
  });
});
