// Chromium saves the state of a tab's form controls with the tab for session restore, on disk and
// unencrypted, unless a control says autocomplete="off". A select whose options are member, group
// or client ids must say so, or the id picked is written to the profile's Sessions files. Each such
// select is either written as <select autocomplete="off"> or drawn by Field, which sets it on every
// control (checked by rendering Field below).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Field } from '../../../components/common/Field';
import { MemberSelect } from '../../../components/common/MemberSelect';
import { useTestDom } from '../components/dom';

const root = join(__dirname, '../../..');
const ID_SELECTS: [string, string][] = [
  ['components/common/MemberSelect.tsx', 'id={id}'],
  ['components/home/StartSession.tsx', 'id="start-owner"'],
  ['components/history/HistoryView.tsx', 'id="history-owner"'],
  ['components/history/HistoryView.tsx', 'id="history-member"'],
  ['components/safety/SafetyView.tsx', 'id="safety-group"'],
];

describe('selects of ids', () => {
  it.each(ID_SELECTS)('%s %s has autocomplete="off"', (file, marker) => {
    const text = readFileSync(join(root, file), 'utf8');
    const at = text.indexOf(marker);
    expect(at, marker).toBeGreaterThan(0);
    const select = text.lastIndexOf('<select', at);
    const field = text.lastIndexOf('<Field', at);
    const tag = text.slice(Math.max(select, field), text.indexOf('>', at));
    if (field > select) expect(tag).toContain('as="select"');
    else expect(tag).toContain('autocomplete="off"');
  });

  const dom = useTestDom();
  it('Field and MemberSelect render their select with autocomplete="off"', () => {
    render(h(Field, { as: 'select', id: 'f', label: 'Group' }, h('option', { value: 'g1' }, 'Tuesday')), dom.root);
    expect(dom.root.querySelector('select#f')?.getAttribute('autocomplete')).toBe('off');
    const members = [{ id: 'm1', name: 'Ana' }];
    render(
      h(MemberSelect, { id: 'm', label: 'Member', members, value: '', none: 'None', onChange: () => undefined }),
      dom.root,
    );
    expect(dom.root.querySelector('select#m')?.getAttribute('autocomplete')).toBe('off');
  });
});
