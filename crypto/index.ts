/** The public surface of crypto/. Code above this folder imports from here only. */
export * from './types';
export { fromBase64, toBase64, utf8Decode, utf8Encode } from './encoding';
export { DEFAULT_KDF, MIN_STORED_MEM_KIB, deriveRootKey, newKdfParams, strongerKdf, validateKdfParams } from './kdf';
export {
  createVault,
  newVaultKey,
  rewrapVault,
  unlockVault,
  unwrapVaultKey,
  validateWrappedVaultKey,
  wrapVaultKey,
} from './vault';
export {
  PRF_BYTES,
  mixHardwareKey,
  needsHardwareKey,
  newHardwareKeyParams,
  unlockWithHardwareKey,
  validateHardwareKeyParams,
  validateKeyedWrap,
  wrapWithHardwareKey,
  wrapWithoutHardwareKey,
} from './hardware-key';
export { MIN_SEALED_BYTES, fieldCipher, openBytes, sealBytes } from './field';
export { TAG_PATTERN, deriveIndexKey, indexTagger } from './index-key';
export {
  boxPublicKeyFrom,
  newBoxKeyPair,
  newSigningKeyPair,
  signDetached,
  signDetachedAsync,
  signingPublicKeyFrom,
  verifyStrict,
  verifyStrictAsync,
  x25519,
} from './strict';
export { MIN_GUESSES, loadPassphraseChecker, passphraseStrength, type PassphraseStrength } from './passphrase';
export { wipe } from './wipe';
export { meetingHash } from './meeting';
export {
  EnvelopeError,
  InviteError,
  PairingError,
  type EnvelopeProblem,
  type InviteProblem,
  type PairingProblem,
} from './channel-errors';
export {
  deserializeIdentity,
  newDeviceIdentity,
  publicIdentity,
  samePublicIdentity,
  serializeIdentity,
  validatePublicIdentity,
} from './identity';
export {
  INVITE_PREFIX,
  INVITE_SECRET_BYTES,
  INVITE_TTL_MS,
  createInvite,
  decodeInvite,
  encodeInvite,
  looksLikeInvite,
  type NewInviteInput,
} from './invite';
export { joinMessageKind, joinRequest, joinTopic, openJoinRequest, type OpenedJoinRequest } from './pairing';
export {
  MAX_PAIRING_TRIES,
  answerPairing,
  checkJoinConfirm,
  newPairingCode,
  openJoinChallenge,
  readJoinConfirm,
  readPairingCode,
  showPairingCode,
  startPairing,
  type InviterPairing,
  type JoinerPairing,
} from './pairing-code';
export { MAX_MEMBERS, joinAccept, openJoinAccept, type JoinAcceptInput } from './pairing-accept';
export { SAFETY_NUMBER_ITERATIONS, safetyNumber } from './safety-number';
export { FIRST_EPOCH, channelTopic, epochKey, epochTopic, newChannelId, newChannelKey } from './epoch';
export {
  CommitError,
  MAX_EPOCH,
  MAX_EPOCH_STEP,
  commitShape,
  epochKeyFromSecret,
  newPrekey,
  openCommit,
  sealCommit,
  validEpoch,
  verifyPrekey,
  type Commit,
  type CommitProblem,
  type SignedPrekey,
} from './epoch-commit';
export {
  ENVELOPE_BYTES,
  ENVELOPE_CHUNK,
  MAX_ENVELOPE_PARTS,
  MAX_ENVELOPE_PAYLOAD,
  envelopeParts,
  openEnvelope,
  openEnvelopeAsync,
  sealEnvelope,
  sealEnvelopeAsync,
  type EnvelopeType,
  type MessageKeyOf,
  type OpenEnvelopeAsyncOptions,
  type OpenEnvelopeOptions,
  type SealEnvelopeInput,
} from './envelope';
export { endorseKeyChange, sealHello, verifyKeyChange } from './hello';
export { DEFAULT_REPLAY_WINDOW, ReplayWindow, type ReplayVerdict, type ReplayWindowState } from './replay';
export {
  CHUNK_OVERHEAD,
  FIRST_COUNTER,
  MAX_CHAIN_JUMP,
  ReceiveChain,
  chainStep,
  controlMessageKey,
  openChunk,
  ratchetKeys,
  sealChunk,
  sendChain,
  takeSendKeys,
  unwrapOutboxKey,
  wrapOutboxKey,
  type ReceiveChainState,
  type SendChainState,
} from './ratchet';
export {
  RecoveryKeyMismatchError,
  newRecoveryKeyFile,
  openRecovery,
  openRecoveryKeyFile,
  recoveryKeyFingerprint,
  recoveryPublicKey,
  sealForRecovery,
  validateRecoveryRecord,
  type RecoveryKeyFile,
} from './recovery';
