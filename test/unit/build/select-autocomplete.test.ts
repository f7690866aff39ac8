// Chromium saves the state of a tab's form controls with the tab for session restore, on disk and
// unencrypted, unless a control says autocomplete="off". A select whose options are member, group
// or client ids must say so, or the id picked is written to the profile's Sessions files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

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
    const at = text.indexOf(marker, text.indexOf('<select'));
    expect(at, marker).toBeGreaterThan(0);
    const tag = text.slice(text.lastIndexOf('<select', at), text.indexOf('>', at));
    expect(tag).toContain('autocomplete="off"');
  });
});
