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
  /** Throws only on programmer error (empty context). */
  seal(plaintext: string, ctx: FieldContext): Uint8Array;
  /** Throws FieldOpenError when the ciphertext is tampered, moved or under another key. */
  open(sealed: Uint8Array, ctx: FieldContext): string;
}

export class WrongPassphraseError extends Error {
  override readonly name = 'WrongPassphraseError';
  constructor() {
    super('That passphrase does not open this vault.');
  }
}

export class FieldOpenError extends Error {
  override readonly name = 'FieldOpenError';
  constructor(ctx: FieldContext) {
    super(`A stored field in ${ctx.table}/${ctx.id} could not be opened: it was changed, moved or sealed under another key.`);
  }
}
