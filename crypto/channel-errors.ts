/**
 * The typed failures of the co-leader channel. Each carries a machine-readable
 * kind for code, a calm sentence in English (its message, for logs) and the
 * key of the same sentence in locales/, which the panel shows in the user's
 * language (util/user-error.ts).
 */
import type { MessageKey } from '../util/i18n';
import type { ShownError } from '../util/user-error';

export type InviteProblem = 'malformed' | 'unsupported-version' | 'tampered' | 'expired';

const INVITE_MESSAGES: Record<InviteProblem, string> = {
  malformed: 'This invite has a typo or was cut off. Copy it again in full, or scan the QR code.',
  'unsupported-version':
    'This invite was made by a newer version of Squircle. Update Squircle, then try the invite again.',
  tampered: 'This invite was changed after it was made, so it cannot be trusted. Ask your co-leader for a new one.',
  expired: 'This invite has expired. Ask your co-leader for a new one.',
};

const INVITE_KEYS: Record<InviteProblem, MessageKey> = {
  malformed: 'errorText.inviteMalformed',
  'unsupported-version': 'errorText.inviteVersion',
  tampered: 'errorText.inviteTampered',
  expired: 'errorText.inviteExpired',
};

/** decodeInvite found the text unusable; `problem` says why, `message` says it to the user. */
export class InviteError extends Error implements ShownError {
  override readonly name = 'InviteError';
  readonly messageKey: MessageKey;
  constructor(readonly problem: InviteProblem) {
    super(INVITE_MESSAGES[problem]);
    this.messageKey = INVITE_KEYS[problem];
  }
}

export type PairingProblem =
  | 'malformed'
  | 'unsupported-version'
  | 'wrong-invite'
  | 'wrong-recipient'
  | 'tampered'
  | 'bad-signature'
  | 'weak-key'
  | 'expired'
  | 'wrong-code';

const PAIRING_MESSAGES: Record<PairingProblem, string> = {
  malformed: 'A pairing message arrived damaged or incomplete, so it was not used.',
  'unsupported-version': 'A pairing message came from a newer version of Squircle. Update Squircle on both computers.',
  'wrong-invite': 'A pairing message belongs to a different invite, so it was not used.',
  'wrong-recipient': 'A pairing reply was meant for another computer, so it was not used.',
  tampered: 'A pairing message was changed on the way, so it was not used.',
  'bad-signature': 'A pairing message was not signed by the expected co-leader, so it was not used.',
  'weak-key': 'The other side sent a key that cannot be used safely, so pairing stopped.',
  expired: 'This invite has expired. Make a new invite and send it again.',
  'wrong-code':
    'The code does not match the one your co-leader sees. Check the code they say in the call and try again.',
};

const PAIRING_KEYS: Record<PairingProblem, MessageKey> = {
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

/** openJoinRequest or openJoinAccept refused a message. */
export class PairingError extends Error implements ShownError {
  override readonly name = 'PairingError';
  readonly messageKey: MessageKey;
  constructor(readonly problem: PairingProblem) {
    super(PAIRING_MESSAGES[problem]);
    this.messageKey = PAIRING_KEYS[problem];
  }
}

export type EnvelopeProblem =
  | 'malformed'
  | 'unsupported-version'
  | 'wrong-channel'
  | 'unknown-sender'
  | 'bad-signature'
  | 'tampered'
  | 'unknown-epoch'
  | 'no-message-key';

const ENVELOPE_MESSAGES: Record<EnvelopeProblem, string> = {
  malformed: 'A message from the channel was damaged or incomplete, so it was set aside.',
  'unsupported-version': 'A message came from a newer version of Squircle. Update Squircle to read it.',
  'wrong-channel': 'A message for a different channel arrived here, so it was set aside.',
  'unknown-sender': 'A message came from a device that is not a member of this channel, so it was set aside.',
  'bad-signature': 'A message was not signed by the member it claims to come from, so it was set aside.',
  tampered: 'A message was changed on the way, so it was set aside.',
  'unknown-epoch': 'A message uses a channel key this computer does not have yet, so it was set aside.',
  'no-message-key': 'A message came again, or its key is gone from this computer, so it was set aside.',
};

/** openEnvelope refused the bytes; `reason` is for code, `message` for people. */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
  constructor(readonly reason: EnvelopeProblem) {
    super(ENVELOPE_MESSAGES[reason]);
  }
}
