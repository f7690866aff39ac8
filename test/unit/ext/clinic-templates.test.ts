// A clinic's note templates come from its policy (storage.managed) to every
// extension page that reads notes: the side panel, and the print page, which
// builds its own services and reads its own settings.
import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { sessionMarkdown } from '../../../domain/markdown';
import type { NoteTemplateId } from '../../../domain/types';
import { pageServices } from '../../../ext/panel/services';
import { effectiveSettings } from '../../../ext/common/settings-store';
import type { Settings } from '../../../policy/settings';
import { NotesRepo } from '../../../storage/notes-repo';

const PASS = 'a calm passphrase for tests';
const DBT = {
  id: 'riverbend-dbt-skills' as NoteTemplateId,
  label: 'DBT skills group note',
  noteClass: 'process' as const,
  fields: [
    { id: 'module', label: 'Module and skill taught' },
    { id: 'homework', label: 'Homework review', help: 'Who practised, what got in the way.' },
  ],
};

// pageServices uses the app's own database name, as the pages do; each test starts without it.
beforeEach(async () => {
  await Dexie.delete('squircle');
  await fakeBrowser.storage.managed.set({ clinicName: 'Riverbend', noteTemplates: [DBT] });
});

/** What a page builds after unlock, with the settings it read. */
const unlockedWith = (page: ReturnType<typeof pageServices>, settings: Settings) =>
  page.unlocked({
    settings,
    exportAllowed: true,
    perMemberExportAllowed: true,
    backupAllowed: true,
    openPrint: () => undefined,
  });

async function groupSession(page: ReturnType<typeof pageServices>, settings: Settings) {
  const apis = await unlockedWith(page, settings);
  const group = await apis.session.roster.saveGroup({
    name: 'Tuesday skills',
    kind: 'closed',
    schedule: '',
    coLeaders: [],
  });
  const session = await apis.session.session.start('group', group.id, null);
  await apis.session.session.end(session.id);
  return { apis, session };
}

describe('a clinic template from policy', () => {
  it('the print page renders a note written in it, with nothing set by the side panel', async () => {
    const panel = pageServices();
    await panel.vault.create(PASS);
    const { session } = await groupSession(panel, await effectiveSettings());
    // The note as the side panel stored it.
    await new NotesRepo(panel.db, panel.vault.fields()).save(
      { sessionId: session.id, template: DBT.id, noteClass: 'process' },
      { module: 'Distress tolerance: TIPP' },
      { author: 'me', next: () => `${Date.now()}:0:me` },
    );

    // The print page (entrypoints/print/main.tsx): its own services and settings, the vault unlocked elsewhere.
    const print = pageServices();
    expect(await print.vault.state()).toBe('unlocked');
    const apis = await unlockedWith(print, await effectiveSettings());
    const md = sessionMarkdown(await apis.history.detail(session.id), 'process');
    expect(md).toContain(`## ${DBT.label}\n\n### Module and skill taught\n\nDistress tolerance: TIPP\n`);
  });

  it('the panel saves a note in it from the settings it was given, and reads it back', async () => {
    const panel = pageServices();
    await panel.vault.create(PASS);
    const settings = await effectiveSettings();
    const { apis, session } = await groupSession(panel, settings);
    await apis.session.notes.save(session.id, DBT.id, { homework: 'Two of five practised' });
    const x = await apis.history.detail(session.id);
    expect(x.notes.map((n) => [n.template, n.noteClass, n.fields])).toEqual([
      [DBT.id, 'process', { homework: 'Two of five practised' }],
    ]);
  });
});
