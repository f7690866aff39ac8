/** What the vault screens need, passed in: no storage or crypto here. */
export type VaultState = 'none' | 'locked' | 'unlocked';

export interface VaultPort {
  state(): Promise<VaultState>;
  onChange(cb: (s: VaultState) => void): () => void;
  create(passphrase: string): Promise<void>;
  unlock(passphrase: string): Promise<void>;
  lock(): Promise<void>;
  waitSeconds(): Promise<number>;
  /** Whether unlocking also needs the security key (the lock screen says so before it is asked for). */
  needsKey?(): Promise<boolean>;
}

/**
 * Why a security-key step failed: nothing answered (cancelled, timed out, or an unregistered key was touched),
 * another key answered, the key or browser lacks WebAuthn's PRF extension, or this page may not use WebAuthn.
 */
export type KeyProblem = 'not-touched' | 'wrong-key' | 'no-prf' | 'unavailable';

export interface Strength {
  ok: boolean;
  score: 0 | 1 | 2 | 3 | 4;
  hint: string;
}

export type StrengthFn = (passphrase: string, minLength: number) => Strength;
