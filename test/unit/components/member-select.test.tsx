// The one member picker of the panel: a label tied to the select, a first
// option for "no member" in the words of the place it stands, one option per
// member, and the chosen member's id (or '') handed back. linkedom has no
// settable select value, so the shown choice is for e2e (live-session picks
// #member-export, shortcuts focuses the marker editor's member select).
import { createRef, h, render, type ComponentProps } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { MemberSelect } from '../../../components/common/MemberSelect';
import { useTestDom } from './dom';

const MEMBERS = [
  { id: 'm1', name: 'Avery Quillon' },
  { id: 'm2', name: 'Blake Mortimer' },
];

describe('MemberSelect', () => {
  const dom = useTestDom();
  const select = () => dom.root.querySelector('select')!;
  /** Selects the option with this value and sends the change event a user's choice would. */
  const choose = (value: string) => {
    const s = select();
    s.querySelector<HTMLOptionElement>(`option[value="${value}"]`)!.selected = true;
    s.dispatchEvent(new (dom.doc.defaultView as unknown as typeof globalThis).Event('change'));
  };
  const show = (
    props: Omit<ComponentProps<typeof MemberSelect>, 'members' | 'onChange'> & { onChange?: (id: string) => void },
  ) => act(() => render(h(MemberSelect, { members: MEMBERS, onChange: () => undefined, ...props }), dom.root));

  it('labels the select, offers "none" first and then every member by name', async () => {
    await show({ id: 'prompt-member', label: 'For', value: '', none: 'Anyone' });
    const label = dom.root.querySelector('label')!;
    expect(label.getAttribute('for')).toBe('prompt-member');
    expect(select().id).toBe('prompt-member');
    expect(label.textContent).toBe('For');
    expect(label.hasAttribute('class')).toBe(false);
    const options = [...select().querySelectorAll('option')].map((o) => [o.getAttribute('value'), o.textContent]);
    expect(options).toEqual([
      ['', 'Anyone'],
      ['m1', 'Avery Quillon'],
      ['m2', 'Blake Mortimer'],
    ]);
  });

  it('keeps a hidden label for screen readers', async () => {
    await show({ id: 'look-member', label: 'Member to look at', hideLabel: true, value: '', none: 'Choose a member' });
    const label = dom.root.querySelector('label[for="look-member"]')!;
    expect(label.getAttribute('class')).toBe('sr-only');
    expect(label.textContent).toBe('Member to look at');
  });

  it("hands back the chosen member's id, and '' for none; the ref reaches the select", async () => {
    const onChange = vi.fn();
    const ref = createRef<HTMLSelectElement>();
    await show({ id: 'edit-member', label: 'Member', value: 'm1', none: 'The whole group', onChange, selectRef: ref });
    expect(ref.current).toBe(select());
    await act(() => choose('m2'));
    await act(() => choose(''));
    expect(onChange.mock.calls).toEqual([['m2'], ['']]);
  });
});
