// The backup view says exactly what a backup file reveals without its passphrase, and what it
// says holds: every clear column a backup carries is a random id, a time, a 0/1 flag or a keyed tag.
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { BackupView } from '../../../components/backup/BackupView';
import { TABLE_COLUMNS } from '../../../storage/backup-format';
import { useTestDom } from './dom';

describe('BackupView', () => {
  const dom = useTestDom();

  it('lists what a backup file shows without its passphrase, and what it does not', async () => {
    const api = { allowed: true, exportBackup: async () => '', importBackup: async () => ({ records: 0 }) };
    await act(() => render(h(BackupView, { api }), dom.root));
    const text = dom.root.querySelector('[data-backup-reveals]')!.textContent!.replace(/\s+/g, ' ');
    expect(text).not.toContain('stays encrypted');
    for (const shown of [
      'how many records of each kind',
      'when each session started and when each record last changed',
      'which markers, notes and messages belong to the same session, and which markers were deleted',
      'random ids, and keyed codes',
    ])
      expect(text).toContain(shown);
    expect(text).toContain('Not: names, what was written, what kind of moment a marker records');
  });

  it('is true of the backup format: clear columns are ids, times, flags and keyed tags only', () => {
    for (const [table, columns] of Object.entries(TABLE_COLUMNS))
      for (const [column, kind] of Object.entries(columns))
        expect(['id', 'time', 'flag', 'tag'], `${table}.${column}`).toContain(kind);
    // The id columns that remain name sessions, the only link the list above admits.
    const ids = Object.entries(TABLE_COLUMNS).flatMap(([t, c]) =>
      Object.entries(c)
        .filter(([, k]) => k === 'id')
        .map(([col]) => `${t}.${col}`),
    );
    expect(ids.sort()).toEqual(['markers.sessionId', 'measures.sessionId', 'messages.sessionId', 'notes.sessionId']);
  });
});
