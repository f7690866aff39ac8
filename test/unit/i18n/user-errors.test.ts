// The errors a person reads come in their language: each names a message in locales/, whose English is the
// error's own message (kept for logs and for code that matches it).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { amendNote, signNote } from '../../../crypto/note-signature';
import { RecoveryKeyMismatchError } from '../../../crypto/recovery';
import { newSigningKeyPair } from '../../../crypto/strict';
import { FieldOpenError, VaultLockedError, WrongPassphraseError } from '../../../crypto/types';
import type { Note } from '../../../domain/types';
import { ThrottledError } from '../../../ext/panel/vault-service';
import { BackupError, BackupPassphraseError, type BackupProblem } from '../../../storage/backup-format';
import { NoteSignedError } from '../../../storage/notes-repo';
import { DiskFullError } from '../../../storage/room';
import { RecordNotFoundError } from '../../../storage/sealed-table';
import { useMessages } from '../../../util/i18n';
import { UserError, shownError } from '../../../util/user-error';
import { builtMessages } from '../../support/messages';

const ROOT = join(import.meta.dirname, '../../..');
const [en, de, he] = await Promise.all([builtMessages('en'), builtMessages('de'), builtMessages('he')]);
const english = (key: string) => en[key.replaceAll('.', '_')]?.message;
afterEach(() => useMessages('en', en));

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('errors shown to a person', () => {
  it("every UserError written with a fixed English text has en.yml's text for its key", () => {
    const found: [string, string, string | undefined][] = [];
    for (const f of ['ext', 'storage', 'channel', 'crypto', 'components'].flatMap(sources)) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      for (const m of text.matchAll(/new UserError\(\s*'([\w.]+)',\s*'((?:[^'\\]|\\.)*)'/g))
        found.push([f, m[2]!, english(m[1]!)]);
    }
    expect(found.length).toBeGreaterThan(25);
    expect(found.filter(([, text, message]) => text !== message)).toEqual([]);
  });

  const key = newSigningKeyPair();
  const draft: Note = { id: 'n', sessionId: 's', template: 'soap', noteClass: 'progress', fields: {}, updatedAt: 0 };
  const thrown = (fn: () => unknown): unknown => {
    try {
      fn();
    } catch (e) {
      return e;
    }
    throw new Error('did not throw');
  };
  const ERRORS: [string, unknown][] = [
    ['wrong passphrase', new WrongPassphraseError()],
    ['wrong backup passphrase', new BackupPassphraseError()],
    ['vault locked', new VaultLockedError()],
    ['recovery key mismatch', new RecoveryKeyMismatchError()],
    ['disk full', new DiskFullError()],
    ['a signed note edited', new NoteSignedError()],
    ['throttled', new ThrottledError(30)],
    ['a note signed twice', thrown(() => signNote({ ...draft, signed: signNote(draft, key, 'A', 1) }, key, 'A', 2))],
    [
      'an amendment without a reason',
      thrown(() => amendNote({ ...draft, signed: signNote(draft, key, 'A', 1) }, {}, ' ', key, 'A', 2)),
    ],
    ...(['incomplete', 'newer-version', 'damaged', 'no-vault', 'locked', 'profile-conflict'] as BackupProblem[]).map(
      (p): [string, unknown] => [`backup: ${p}`, new BackupError(p)],
    ),
  ];

  it.each(ERRORS)('%s: shown in English as its own message, and in German and Hebrew', (_, e) => {
    useMessages('en', en);
    expect(shownError(e)).toBe((e as Error).message);
    useMessages('de', de, en);
    const german = shownError(e);
    expect(german).not.toBe((e as Error).message);
    expect(german).not.toMatch(/^serviceErrors/);
    useMessages('he', he, en);
    expect(shownError(e)).toMatch(/[\u05d0-\u05ea]/);
  });

  it('fills placeholders, adds a detail as it is, and names no ids or tables on the screen', () => {
    useMessages('de', de, en);
    expect(shownError(new ThrottledError(30))).toContain('30 s');
    expect(shownError(new BackupError('damaged', 'mac'))).toMatch(/^Diese Sicherung .+ \(mac\)$/);
    const hidden = [new FieldOpenError({ table: 'notes', id: 'n-1', v: 1 }), new RecordNotFoundError('notes', 'n-1')];
    for (const e of hidden) {
      expect(e.message).toContain('n-1');
      expect(shownError(e)).not.toContain('n-1');
    }
    const named = new UserError('serviceErrors.noScenario', 'This version of Squircle has no scenario "x".', {
      scenario: 'x',
    });
    expect(shownError(named)).toBe('Diese Version von Squircle hat kein Szenario „x“.');
    useMessages('en', en);
    expect(shownError(named)).toBe(named.message);
  });

  it('any other error shows its own message', () => {
    useMessages('de', de, en);
    expect(shownError(new Error('Network down'))).toBe('Network down');
    expect(shownError('plain')).toBe('plain');
  });
});
