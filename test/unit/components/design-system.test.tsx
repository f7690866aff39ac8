// The design system's components rendered into linkedom: the markup each one
// promises (labels tied to controls, hints and errors read with the control,
// the destructive variant, tabs a screen reader and the arrow keys can use).
// How they look is for the e2e screenshots and the visual regression test.
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { Badge, Notice } from '../../../components/common/Badge';
import { Button } from '../../../components/common/Button';
import { Card } from '../../../components/common/Card';
import { Checkbox } from '../../../components/common/Checkbox';
import { Field } from '../../../components/common/Field';
import { Tabs } from '../../../components/common/Tabs';
import { useTestDom } from './dom';

const dom = useTestDom();
const mount = (c: ComponentChild) => act(() => render(c, dom.root));
const q = <T extends Element>(s: string) => dom.root.querySelector<T>(s)!;

describe('Button', () => {
  it('is type=button unless told, and maps each variant to its class', async () => {
    await mount(
      <>
        <Button>Plain</Button>
        <Button variant="primary">Go</Button>
        <Button variant="destructive">Delete</Button>
        <Button variant="ghost" big class="extra" type="submit">
          Send
        </Button>
      </>,
    );
    const b = [...dom.root.querySelectorAll('button')];
    expect(b.map((x) => [x.getAttribute('type'), x.getAttribute('class') || null])).toEqual([
      ['button', null],
      ['button', 'primary'],
      ['button', 'danger'],
      ['submit', 'ghost big extra'],
    ]);
  });
});

describe('Field', () => {
  it('ties the label, hint and error to the control and never lets the browser remember it', async () => {
    await mount(<Field id="f-name" label="Name" hint="As the group knows them" error="A name is needed" value="" />);
    const input = q<HTMLInputElement>('input');
    expect(q('label').getAttribute('for')).toBe('f-name');
    expect(input.id).toBe('f-name');
    expect(input.getAttribute('autocomplete')).toBe('off');
    expect(input.getAttribute('aria-describedby')).toBe('f-name-hint f-name-error');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(q('#f-name-hint').textContent).toBe('As the group knows them');
    expect(q('#f-name-error').textContent).toBe('A name is needed');
  });

  it('renders a textarea or a select, keeps the given describedby and spellcheck, can hide a label', async () => {
    await mount(
      <>
        <Field as="textarea" id="t" label="Note" spellcheck={false} aria-describedby="elsewhere" rows={3} />
        <Field as="select" id="s" label="Kind" hideLabel>
          <option value="a">A</option>
        </Field>
      </>,
    );
    const t = q<HTMLTextAreaElement>('textarea');
    expect(t.spellcheck).toBe(false);
    expect(t.getAttribute('aria-describedby')).toBe('elsewhere');
    expect(t.hasAttribute('aria-invalid')).toBe(false);
    expect(q('select').getAttribute('autocomplete')).toBe('off');
    expect(q('select option').textContent).toBe('A');
    expect(q('label[for="s"]').getAttribute('class')).toBe('sr-only');
    expect(dom.root.querySelectorAll('.hint, .error')).toHaveLength(0);
  });

  it('hands the typed value to onInput', async () => {
    const onInput = vi.fn((e: Event) => (e.currentTarget as HTMLInputElement).value);
    await mount(<Field id="x" label="X" onInput={onInput} />);
    await act(() => void dom.type(q<HTMLInputElement>('input'), 'typed'));
    expect(onInput).toHaveReturnedWith('typed');
  });
});

describe('Checkbox', () => {
  it('puts the label beside the control and reads the hint with it', async () => {
    await mount(
      <>
        <Checkbox id="c1" label="Read aloud" hint="To the whole group" checked />
        <Checkbox label="Sound" kind="switch" />
        <Checkbox label="Morning" kind="radio" name="when" />
      </>,
    );
    const [c1, sw, radio] = [...dom.root.querySelectorAll('input')];
    expect(c1!.getAttribute('type')).toBe('checkbox');
    expect(q('label[for="c1"]').textContent).toBe('Read aloud');
    expect(c1!.getAttribute('aria-describedby')).toBe('c1-hint');
    expect(sw!.getAttribute('role')).toBe('switch');
    expect(sw!.id).not.toBe('');
    expect(q(`label[for="${sw!.id}"]`).textContent).toBe('Sound');
    expect(radio!.getAttribute('type')).toBe('radio');
    expect(radio!.id).not.toBe(sw!.id);
  });
});

describe('Card, Badge, Notice', () => {
  it('names the card by its heading, tints status inline and warnings as blocks', async () => {
    await mount(
      <Card title="Members" level={3} tone="warning" data-x="1">
        <p>
          Alex <Badge tone="danger">no consent on file</Badge>
        </p>
        <Notice tone="danger">Not allowed here.</Notice>
      </Card>,
    );
    const card = q('section');
    expect(card.getAttribute('class')).toBe('card card-warning');
    expect(card.getAttribute('data-x')).toBe('1');
    const h = q('h3');
    expect(card.getAttribute('aria-labelledby')).toBe(h.id);
    expect(q('span').getAttribute('class')).toBe('badge badge-danger');
    expect(q('div.notice').getAttribute('class')).toBe('notice notice-danger');
  });
});

describe('Tabs', () => {
  const items = [
    { id: 'a', label: 'Markers' },
    { id: 'b', label: 'Note' },
    { id: 'c', label: 'Safety', shortcut: 'E' },
  ] as const;

  it('is a tablist with only the chosen tab in the Tab order; arrows, Home and End move the choice', async () => {
    const onChange = vi.fn();
    await mount(<Tabs items={items} value="a" onChange={onChange} label="Session views" panelId="p" idPrefix="t" />);
    const list = q('[role="tablist"]');
    expect(list.getAttribute('aria-label')).toBe('Session views');
    const tabs = [...dom.root.querySelectorAll('[role="tab"]')];
    expect(tabs.map((t) => [t.id, t.getAttribute('aria-selected'), t.getAttribute('tabindex')])).toEqual([
      ['t-a', 'true', null],
      ['t-b', 'false', '-1'],
      ['t-c', 'false', '-1'],
    ]);
    expect(tabs[2]!.getAttribute('aria-keyshortcuts')).toBe('E');
    expect(tabs[2]!.getAttribute('title')).toBe('Safety (key E)');
    expect(tabs[0]!.getAttribute('aria-controls')).toBe('p');
    const key = (k: string) => {
      const E = (dom.doc.defaultView as unknown as typeof globalThis).KeyboardEvent ?? Event;
      const e = new E('keydown') as KeyboardEvent;
      Object.defineProperty(e, 'key', { value: k });
      list.dispatchEvent(e);
    };
    for (const k of ['ArrowRight', 'ArrowLeft', 'End', 'Home', 'x']) key(k);
    expect(onChange.mock.calls.map((c) => c[0])).toEqual(['b', 'c', 'c', 'a']);
  });

  it('as navigation, marks the current view as the page and keeps every name in the text', async () => {
    const onChange = vi.fn();
    await mount(<Tabs mode="nav" items={items} value="b" onChange={onChange} label="Panel" />);
    expect(q('nav').getAttribute('aria-label')).toBe('Panel');
    const b = [...dom.root.querySelectorAll('button')];
    expect(b.map((x) => [x.textContent, x.getAttribute('aria-current'), x.hasAttribute('role')])).toEqual([
      ['Markers', null, false],
      ['Note', 'page', false],
      ['Safety', null, false],
    ]);
    b[2]!.click();
    expect(onChange).toHaveBeenCalledWith('c');
  });
});
