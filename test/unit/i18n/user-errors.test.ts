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
import { UserError, refusal, shownError } from '../../../util/user-error';
import { InviteError, PairingError, type InviteProblem, type PairingProblem } from '../../../crypto/channel-errors';
import { JoinError } from '../../../channel/join';
import { checkBrokerUrl } from '../../../channel/broker-url';
import { ModeError } from '../../../ext/panel/backchannel';
import { AccountStoredError } from '../../../ext/panel/coleader-service';
import { MarkerNotSavedError, MarkerNotSavedYetError } from '../../../ext/panel/live-markers';
import { SecurityKeyError } from '../../../ext/panel/security-key';
import type { KeyProblem } from '../../../components/vault/types';
import type { Marker } from '../../../domain/types';
import { builtMessages } from '../../support/messages';

const ROOT = join(import.meta.dirname, '../../..');
const [en, de, es, he] = await Promise.all([
  builtMessages('en'),
  builtMessages('de'),
  builtMessages('es'),
  builtMessages('he'),
]);
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
      for (const m of text.matchAll(/new (?:UserError|JoinError)\(\s*'([\w.]+)',\s*'((?:[^'\\]|\\.)*)'/g))
        found.push([f, m[2]!, english(m[1]!)]);
    }
    expect(found.length).toBeGreaterThan(35);
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

  it('an error nobody worded for the screen: a general sentence in the language, its own words for support', () => {
    useMessages('de', de, en);
    expect(shownError(new Error('Network down'))).toBe(
      de.errorText_unexpected!.message.replace('{detail}', 'Network down'),
    );
    useMessages('he', he, en);
    expect(shownError('plain')).toBe(he.errorText_unexpected!.message.replace('{detail}', 'plain'));
    useMessages('en', en);
    expect(shownError(new Error('Network down'))).toMatch(/^Squircle could not do that\. .+: Network down$/);
  });
});

describe('the co-leader channel’s, the back-channel’s, the security key’s and the markers’ errors', () => {
  const INVITE: Record<InviteProblem, string> = {
    malformed: 'errorText.inviteMalformed',
    'unsupported-version': 'errorText.inviteVersion',
    tampered: 'errorText.inviteTampered',
    expired: 'errorText.inviteExpired',
  };
  const PAIRING: Record<PairingProblem, string> = {
    malformed: 'errorText.pairingMalformed',
    'unsupported-version': 'errorText.pairingVersion',
    'wrong-invite': 'errorText.pairingWrongInvite',
    'wrong-recipient': 'errorText.pairingWrongRecipient',
    tampered: 'errorText.pairingTampered',
    'bad-signature': 'errorText.pairingBadSignature',
    'weak-key': 'errorText.pairingWeakKey',
    expired: 'errorText.pairingExpired',
    'wrong-code': 'errorText.pairingWrongCode',
  };
  const KEYS: Record<KeyProblem, string> = {
    'not-touched': 'securityKey.notTouched',
    'wrong-key': 'securityKey.wrongKey',
    'no-prf': 'securityKey.noPrf',
    unavailable: 'securityKey.unavailable',
  };
  const marker = { id: 'm1' } as Marker;
  const broker = checkBrokerUrl('ws://clinic.example/');
  type Case = [string, Error, string, Record<string, string>];
  const CASES: Case[] = [
    ...Object.entries(INVITE).map(([p, key]): Case => [`invite: ${p}`, new InviteError(p as InviteProblem), key, {}]),
    ...Object.entries(PAIRING).map(([p, key]): Case => [
      `pairing: ${p}`,
      new PairingError(p as PairingProblem),
      key,
      {},
    ]),
    ...Object.entries(KEYS).map(([p, key]): Case => [
      `security key: ${p}`,
      new SecurityKeyError(p as KeyProblem, 'NotAllowedError'),
      key,
      {},
    ]),
    [
      'join: the code',
      new JoinError('errorText.joinCode', 'Type the six-digit code your co-leader reads out in the call.'),
      'errorText.joinCode',
      {},
    ],
    ['broker address refused', refusal(broker.ok ? never() : broker), 'errorText.brokerPlain', {}],
    [
      'a marker not saved',
      new MarkerNotSavedError(marker, new Error('QuotaExceededError')),
      'errorText.markerNotSaved',
      {},
    ],
    [
      'a co-leader’s marker not saved yet',
      new MarkerNotSavedYetError(marker, new Error('QuotaExceededError')),
      'errorText.markerNotSavedYet',
      {},
    ],
    ['the account stored, the channel not restarted', accountStored(), 'errorText.accountRestart', {}],
  ];

  it.each(CASES)('%s: its own key, in English, German, Spanish and Hebrew', (_, e, key, named) => {
    const id = key.replaceAll('.', '_');
    const shown: string[] = [];
    for (const [lang, messages] of [
      ['en', en],
      ['de', de],
      ['es', es],
      ['he', he],
    ] as const) {
      useMessages(lang, messages, en);
      const text = shownError(e);
      const message = Object.entries(named).reduce((m, [k, v]) => m.replace(`{${k}}`, v), messages[id]!.message);
      expect(text.startsWith(message), `${lang}: ${text}`).toBe(true);
      shown.push(text);
    }
    expect(new Set(shown).size).toBe(4);
    expect(shown[3]).toMatch(/[\u05d0-\u05ea]/);
  });

  it('a mode that does not allow an action names the mode in the language, and the action only as detail', () => {
    useMessages('de', de, en);
    const e = new ModeError('send-now', 'signals');
    expect(shownError(e)).toBe(
      `${de.errorText_mode!.message.replace('{mode}', de.modeText_signals!.message)} (send-now)`,
    );
    expect(e.message).toContain('signals');
  });

  it('a marker that was not saved keeps the browser’s words for support', () => {
    useMessages('he', he, en);
    expect(shownError(new MarkerNotSavedError({ id: 'm' } as Marker, new Error('QuotaExceededError')))).toMatch(
      /\(QuotaExceededError\)$/,
    );
  });
});

const never = (): never => {
  throw new Error('expected a refusal');
};

/** The error saveBrokerAccount throws when the account is stored and only restarting the channel failed. */
function accountStored(): Error {
  return new AccountStoredError(
    'errorText.accountRestart',
    'Stored, but the channel could not start again with it. Lock Squircle and unlock it to try again.',
    {},
    'connection lost',
  );
}
