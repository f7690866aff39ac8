// The print page's Markdown: task boxes print as checkboxes (not "[ ]"), an
// indented line stays under its item (not "- Licence:" as text), and a
// paragraph keeps its line breaks in its text for the page's pre-line style.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { MarkdownView } from '../../../components/print/MarkdownView';
import { useTestDom } from './dom';

describe('MarkdownView', () => {
  const dom = useTestDom();
  const show = (text: string) => act(() => render(<MarkdownView text={text} />, dom.root));

  it('turns task items into checked or empty boxes and keeps sub-items under their item', async () => {
    await show(
      [
        '## Pre-session checklist',
        '',
        '- [x] Platform approved',
        '- [ ] Read aloud',
        '- Ana: location not confirmed',
        '  - Licence: not recorded in CA',
      ].join('\n'),
    );
    const boxes = [...dom.root.querySelectorAll('input[type="checkbox"]')] as HTMLInputElement[];
    expect(
      boxes.map((b) => [
        Boolean(b.checked || b.hasAttribute('checked')),
        b.disabled,
        b.parentElement!.textContent!.trim(),
      ]),
    ).toEqual([
      [true, true, 'Platform approved'],
      [false, true, 'Read aloud'],
    ]);
    expect(dom.root.textContent).not.toContain('[ ]');
    const nested = dom.root.querySelector('ul > li > ul > li');
    expect(nested?.textContent).toBe('Licence: not recorded in CA');
    expect(nested?.parentElement?.parentElement?.firstChild?.textContent).toBe('Ana: location not confirmed');
  });

  it('keeps the line breaks of a paragraph', async () => {
    await show('First line\nsecond line');
    expect(dom.root.querySelector('p')?.textContent).toBe('First line\nsecond line');
  });
});
