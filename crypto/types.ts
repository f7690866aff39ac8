import type { MessageKey } from '../util/i18n';
/**
 * Key kinds are branded so that one cannot be passed where another is
 * wanted: a signing key is never a vault key, a root key never wraps data.
 */
declare const brand: unique symbol;
export type Branded<T, B extends string> = T & { readonly [brand]: B };

/** Derived from the passphrase; only ever wraps the vault key. */
export type RootKey = Branded<Uint8Array, 'RootKey'>;
/** Random 32 bytes; encrypts every clinical field. */
export type VaultKey = Branded<Uint8Array, 'VaultKey'>;

/** Argon2id parameters, stored beside the wrapped key. Never lowered. */
export interface KdfParams {
  readonly v: 1;
  readonly alg: 'argon2id';
  /** Memory in KiB. */
  readonly memKiB: number;
  readonly iterations: number;
  readonly parallelism: number;
  /** 16+ random bytes, base64. */
  readonly salt: string;
}

/** The vault key sealed under the root key (nacl.secretbox). */
export interface WrappedVaultKey {
  readonly v: 1;
  readonly kdf: KdfParams;
  /** base64 */
  readonly nonce: string;
  /** base64 */
  readonly box: string;
  /** Present when unlocking also needs a security key (crypto/hardware-key.ts). */
  readonly hardwareKey?: HardwareKeyParams;
}

/** Which WebAuthn credential a vault's wrap needs, and the PRF salt it is asked with. */
export interface HardwareKeyParams {
  readonly v: 1;
  /** The credential id, base64. */
  readonly credentialId: string;
  /** 32 random bytes, base64: the PRF input. */
  readonly prfSalt: string;
}

/** The vault key sealed to a clinic's recovery public key. */
export interface RecoveryRecord {
  readonly v: 1;
  /** The clinic's public key (base64), so the panel and the tool can tell which key it was sealed to. */
  readonly to: string;
  /** The ephemeral public key (base64). */
  readonly from: string;
  readonly nonce: string;
  readonly box: string;
}

/** What a sealed clinical field is bound to: moving it elsewhere breaks it. */
export interface FieldContext {
  readonly table: string;
  readonly id: string;
  /** The record format version. */
  readonly v: number;
}

/**
 * The operations code above crypto/ receives for clinical fields.
 * storage/ gets one of these and never sees a passphrase or a raw key.
 */
export interface FieldCipher {
  /** Throws only on programmer error (empty context) or VaultLockedError after lock. */
  seal(plaintext: string, ctx: FieldContext): Uint8Array;
  /** Throws FieldOpenError when the ciphertext is tampered, moved or under another key. */
  open(sealed: Uint8Array, ctx: FieldContext): string;
  /**
   * The keyed index value of `value` in the column `label` names (crypto/index-key.ts):
   * what a clear index column holds instead of an id or code that would carry meaning.
   * Throws VaultLockedError after lock.
   */
  tag(label: string, value: string): string;
}

export class WrongPassphraseError extends Error {
  override readonly name = 'WrongPassphraseError';
  readonly messageKey: MessageKey = 'serviceErrors.wrongPassphrase';
  constructor() {
    super('That passphrase does not open this vault.');
  }
}

export class FieldOpenError extends Error {
  override readonly name = 'FieldOpenError';
  readonly messageKey = 'serviceErrors.fieldOpen';
  constructor(ctx: FieldContext) {
    super(
      `A stored field in ${ctx.table}/${ctx.id} could not be opened: ` +
        `it was changed, moved or sealed under another key.`,
    );
  }
}

/** The cost part of KdfParams: what a clinic floor or a default names, without a salt. */
export type KdfCost = Omit<KdfParams, 'salt'>;

/** Ed25519 keys for the co-leader channel; never used for encryption. */
export type SigningSecretKey = Branded<Uint8Array, 'SigningSecretKey'>;
export type SigningPublicKey = Branded<Uint8Array, 'SigningPublicKey'>;
/** X25519 keys for the co-leader channel; never used to sign. */
export type BoxSecretKey = Branded<Uint8Array, 'BoxSecretKey'>;
export type BoxPublicKey = Branded<Uint8Array, 'BoxPublicKey'>;

export interface SigningKeyPair {
  readonly publicKey: SigningPublicKey;
  readonly secretKey: SigningSecretKey;
}

export interface BoxKeyPair {
  readonly publicKey: BoxPublicKey;
  readonly secretKey: BoxSecretKey;
}

/** Binary payloads (attachments, exported blobs) sealed in the clinical field format. */
export interface BytesCipher {
  /** Throws only on programmer error (empty context) or VaultLockedError. */
  sealBytes(plaintext: Uint8Array, ctx: FieldContext): Uint8Array;
  /** Throws FieldOpenError when the ciphertext is tampered, moved or under another key. */
  openBytes(sealed: Uint8Array, ctx: FieldContext): Uint8Array;
}

/**
 * A stored record (KDF parameters, wrapped key) is structurally broken or
 * asks for parameters weaker than we accept. Distinct from a wrong
 * passphrase so the user is not told to retype a passphrase that is fine.
 */
export class MalformedRecordError extends Error {
  override readonly name = 'MalformedRecordError';
}

/**
 * An X25519 exchange gave the all-zero secret (the peer sent a low-order
 * point) or a key had the wrong length. The channel must not be used.
 */
export class WeakKeyError extends Error {
  override readonly name = 'WeakKeyError';
  constructor(detail = 'The other side sent a key that cannot be used safely.') {
    super(detail);
  }
}

/** Sealing was asked for after lock wiped the vault key. */
export class VaultLockedError extends Error {
  override readonly name = 'VaultLockedError';
  readonly messageKey = 'serviceErrors.vaultLocked';
  constructor() {
    super('The vault is locked. Unlock it to save changes.');
  }
}

// ---- The co-leader channel -------------------------------------------------

/** 32 random bytes the inviter makes for a channel; every epoch key derives from it. */
export type ChannelKey = Branded<Uint8Array, 'ChannelKey'>;
/** Derived from the channel key for one epoch; seals envelopes. */
export type EpochKey = Branded<Uint8Array, 'EpochKey'>;
/** The 32-byte secret an invite carries; only the join topic and join key derive from it. */
export type InviteSecret = Branded<Uint8Array, 'InviteSecret'>;

/**
 * One browser profile's keys for the channel. Kept only inside the vault
 * (see serializeIdentity); the public half is `PublicIdentity`.
 */
export interface DeviceIdentity {
  /** 16 random bytes, lowercase hex (32 characters). */
  readonly deviceId: string;
  readonly signing: SigningKeyPair;
  readonly box: BoxKeyPair;
}

/** A DeviceIdentity as a JSON-able record, for sealing in the vault. Secret: never store in clear. */
export interface StoredIdentity {
  readonly v: 1;
  readonly deviceId: string;
  /** The 32-byte Ed25519 seed, base64; the key pair is rebuilt from it. */
  readonly signSeed: string;
  /** The 32-byte X25519 secret key, base64. */
  readonly boxSecretKey: string;
}

/** What others pin for a device: shown as a safety number, carried in invites and member lists. */
export interface PublicIdentity {
  readonly v: 1;
  /** Lowercase hex, 32 characters. */
  readonly deviceId: string;
  /** Ed25519 public key, base64. */
  readonly signPk: string;
  /** X25519 public key, base64. */
  readonly boxPk: string;
}

/**
 * A signed invite for a co-leader. Whoever holds it can ask to join, so it
 * travels only by a private route (read off the screen, scanned as a QR);
 * the safety number then confirms who actually joined.
 */
export interface Invite {
  readonly v: 1;
  /** 16 random bytes, hex. Storage refuses a second join with the same id. */
  readonly inviteId: string;
  readonly secret: InviteSecret;
  /** ws://, wss://, mqtt:// or mqtts:// */
  readonly brokerUrl: string;
  /** 16 bytes, hex. */
  readonly channelId: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
  readonly inviter: PublicIdentity;
  /** Ed25519 by the inviter over every field above (see invite.ts). */
  readonly signature: Uint8Array;
}

/** What the joiner learns from an accepted join. */
export interface JoinedChannel {
  readonly channelId: string;
  readonly channelKey: ChannelKey;
  /** Everyone in the channel, the inviter and the joiner included, as signed by the inviter. */
  readonly members: readonly PublicIdentity[];
}

/** An envelope that opened: authenticated, from a known member, under a known epoch. */
export interface OpenedEnvelope {
  /** 'events'; 'hello': the sender announces its identity, and signed with it; 'decoy': cover traffic, empty. */
  readonly type: 'events' | 'hello' | 'decoy';
  /** The pinned member; for a hello, the identity it announces. */
  readonly sender: PublicIdentity;
  readonly epoch: number;
  readonly counter: number;
  /** Which of `parts` envelopes of one payload this is, from 0; `payload` is this part's chunk. */
  readonly part: number;
  readonly parts: number;
  readonly payload: Uint8Array;
  /** A hello's endorsement: the announcing device's previous signing key over its new identity (crypto/hello.ts). */
  readonly endorsement?: Uint8Array;
}
