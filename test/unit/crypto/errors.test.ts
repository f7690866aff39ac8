// The typed errors crypto/ throws: the panel logs only an error's name (never its message, which can
// name a record), and shows the message to the user as it is.
import { describe, expect, it } from 'vitest';
import {
  EnvelopeError,
  FieldOpenError,
  InviteError,
  MalformedRecordError,
  PairingError,
  VaultLockedError,
  WeakKeyError,
  WrongPassphraseError,
  type EnvelopeProblem,
  type InviteProblem,
  type PairingProblem,
} from '../../../crypto';

const sentence = /^[A-Z].{20,}[.]$/;

describe('crypto errors', () => {
  it('carry their class name, the only part of them the panel logs', () => {
    const errors: [Error, string][] = [
      [new WrongPassphraseError(), 'WrongPassphraseError'],
      [new FieldOpenError({ table: 'notes', id: 'n-1', v: 1 }), 'FieldOpenError'],
      [new MalformedRecordError('damaged'), 'MalformedRecordError'],
      [new WeakKeyError(), 'WeakKeyError'],
      [new VaultLockedError(), 'VaultLockedError'],
      [new InviteError('expired'), 'InviteError'],
      [new PairingError('tampered'), 'PairingError'],
      [new EnvelopeError('malformed'), 'EnvelopeError'],
    ];
    for (const [e, name] of errors) {
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(name);
      expect(String(e).startsWith(`${name}: `)).toBe(true);
    }
  });

  it('give every channel problem its own sentence and keep the problem for code', () => {
    const invite: InviteProblem[] = ['malformed', 'unsupported-version', 'tampered', 'expired'];
    const pairing: PairingProblem[] = [
      'malformed',
      'unsupported-version',
      'wrong-invite',
      'wrong-recipient',
      'tampered',
      'bad-signature',
      'weak-key',
      'expired',
    ];
    const envelope: EnvelopeProblem[] = [
      'malformed',
      'unsupported-version',
      'wrong-channel',
      'unknown-sender',
      'bad-signature',
      'tampered',
      'unknown-epoch',
    ];
    const groups = [
      invite.map((p) => [p, new InviteError(p)] as const).map(([p, e]) => [p, e.problem, e.message]),
      pairing.map((p) => [p, new PairingError(p)] as const).map(([p, e]) => [p, e.problem, e.message]),
      envelope.map((p) => [p, new EnvelopeError(p)] as const).map(([p, e]) => [p, e.reason, e.message]),
    ];
    for (const group of groups) {
      for (const [p, kept, message] of group) {
        expect(kept).toBe(p);
        expect(message).toMatch(sentence);
      }
      expect(new Set(group.map(([, , m]) => m)).size).toBe(group.length);
    }
  });

  it('say what happened in a sentence, the field error naming the record', () => {
    expect(new WrongPassphraseError().message).toMatch(sentence);
    expect(new VaultLockedError().message).toMatch(sentence);
    expect(new WeakKeyError().message).toMatch(sentence);
    expect(new WeakKeyError('A key must be 32 bytes.').message).toBe('A key must be 32 bytes.');
    expect(new FieldOpenError({ table: 'notes', id: 'n-1', v: 1 }).message).toContain('notes/n-1');
  });
});
