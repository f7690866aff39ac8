/** What the vault screens need, passed in: no storage or crypto here. */
export type VaultState = 'none' | 'locked' | 'unlocked';

export interface VaultPort {
  state(): Promise<VaultState>;
  onChange(cb: (s: VaultState) => void): () => void;
  create(passphrase: string): Promise<void>;
  unlock(passphrase: string): Promise<void>;
  lock(): Promise<void>;
  waitSeconds(): Promise<number>;
}

export interface Strength {
  ok: boolean;
  score: 0 | 1 | 2 | 3 | 4;
  hint: string;
}

export type StrengthFn = (passphrase: string, minLength: number) => Strength;
