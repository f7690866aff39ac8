// The marker bar's line about the next mark ends in one full stop, also after
// a name that ends in an initial ("Casey R."), and the roster's member form
// stays open after adding, its name field empty and focused for the next one.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { PersonForm } from '../../../components/roster/PersonForm';
import { MarkerBar } from '../../../components/session/MarkerBar';
import { sentenceEnd } from '../../../components/session/sentence';
import type { Member } from '../../../domain/types';
import { useTestDom } from './dom';

const dom = useTestDom();

const member = (id: string, name: string): Member => ({
  id,
  groupId: 'g',
  name,
  pronouns: '',
  archived: false,
  createdAt: 0,
  updatedAt: 0,
});

describe('sentenceEnd', () => {
  it('adds a full stop only where the sentence has no end mark', () => {
    expect(sentenceEnd('The next mark is for Casey R.')).toBe('The next mark is for Casey R.');
    expect(sentenceEnd('The next mark is for Alex')).toBe('The next mark is for Alex.');
    expect(sentenceEnd('Ready?  ')).toBe('Ready?');
  });
});

describe('MarkerBar', () => {
  it('says whom the next mark is for with one full stop after an initial', async () => {
    await act(() =>
      render(
        <MarkerBar members={[member('m1', 'Casey R.')]} custom={[]} backSeconds={15} onMark={() => undefined} />,
        dom.root,
      ),
    );
    const chip = dom.root.querySelector<HTMLButtonElement>('button.member')!;
    await act(() => chip.click());
    expect(dom.root.textContent).toContain('The next mark is for Casey R.');
    expect(dom.root.textContent).not.toContain('R..');
  });
});

describe('PersonForm', () => {
  it('adding stays open with the name cleared, and says who was added', async () => {
    const onSave = vi.fn(async () => undefined);
    const onDone = vi.fn();
    await act(() => render(<PersonForm idPrefix="m" label="Member name" onSave={onSave} onDone={onDone} />, dom.root));
    const name = dom.root.querySelector<HTMLInputElement>('#m-name')!;
    await act(() => void dom.type(name, 'Devon'));
    const form = dom.root.querySelector('form')!;
    await act(async () => {
      form.dispatchEvent(new (dom.doc.defaultView as unknown as typeof globalThis).Event('submit'));
      await vi.runAllTimersAsync();
    });
    expect(onSave).toHaveBeenCalledWith({ name: 'Devon', pronouns: '' });
    expect(onDone).not.toHaveBeenCalled();
    expect(dom.root.querySelector<HTMLInputElement>('#m-name')!.value).toBe('');
    expect(dom.root.querySelector('[role="status"]')?.textContent).toBe('Added Devon.');
  });
});
