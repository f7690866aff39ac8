// The print page is an export: it honours the clinic's exportAllowed, reads nothing while locked or
// blocked, and its window title (kept in browser history and shown by the OS) names no one.
import { describe, expect, it } from 'vitest';
import type { SessionExport } from '../../../domain/markdown';
import { neutralName, randomTag } from '../../../domain/export-names';
import { noteTemplates } from '../../../domain/templates';
import { printPage } from '../../../ext/panel/print-page';

const STARTED = Date.UTC(2026, 2, 14, 9, 30);
const session: SessionExport = {
  session: {
    id: 's-1',
    ownerKind: 'group',
    ownerId: 'g-1',
    platform: 'meet',
    meetingHash: '',
    startedAt: STARTED,
    endedAt: STARTED + 3_600_000,
    pauses: [],
    attendance: {},
    updatedAt: STARTED,
  },
  owner: {
    id: 'g-1',
    name: 'Thursday Quokka circle',
    kind: 'closed',
    schedule: '',
    coLeaders: [],
    archived: false,
    createdAt: 0,
    updatedAt: 0,
  },
  members: [],
  markers: [],
  notes: [],
  templates: noteTemplates(),
};

describe('the print page', () => {
  it('shows the note under a title of date and random tag only', async () => {
    const page = await printPage({
      unlocked: true,
      settings: { exportAllowed: true },
      noteClass: 'process',
      detail: async () => session,
    });
    expect(page.kind).toBe('ready');
    if (page.kind !== 'ready') return;
    expect(page.title).toMatch(/^session-2026-03-14-[a-z0-9]{5}$/);
    expect(page.title).not.toMatch(/Quokka|Thursday/);
    expect(page.text).toContain('Thursday Quokka circle');
  });

  it('refuses, without reading the session, when the clinic turned exports off or the vault is locked', async () => {
    let reads = 0;
    const detail = async () => {
      reads++;
      return session;
    };
    expect(
      await printPage({ unlocked: true, settings: { exportAllowed: false }, noteClass: 'process', detail }),
    ).toEqual({
      kind: 'blocked',
      message: 'Your clinic has turned off printing and exports in Squircle.',
    });
    expect(
      (await printPage({ unlocked: false, settings: { exportAllowed: true }, noteClass: 'process', detail })).kind,
    ).toBe('locked');
    expect(reads).toBe(0);
  });
});

describe('neutral names', () => {
  it('are the date and a fresh five-character tag', () => {
    expect(neutralName(STARTED, 'abc12')).toBe('session-2026-03-14-abc12');
    const tags = new Set(Array.from({ length: 50 }, () => randomTag()));
    for (const t of tags) expect(t).toMatch(/^[a-z0-9]{5}$/);
    expect(tags.size).toBeGreaterThan(45);
  });
});
