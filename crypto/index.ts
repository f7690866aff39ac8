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
export { MIN_SEALED_BYTES, fieldCipher, openBytes, sealBytes } from './field';
export {
  boxPublicKeyFrom,
  newBoxKeyPair,
  newSigningKeyPair,
  signDetached,
  signingPublicKeyFrom,
  verifyStrict,
  x25519,
} from './strict';
export { passphraseStrength, type PassphraseStrength } from './passphrase';
export { wipe } from './wipe';
export { meetingHash } from './meeting';
