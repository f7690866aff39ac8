import {
  createVault,
  newVaultKey,
  unlockVault,
  rewrapVault,
  fieldCipher,
  wipe,
  toBase64,
  fromBase64,
} from '../../crypto';
import { recoveryKeyFingerprint, recoveryPublicKey, sealForRecovery } from '../../crypto';
import { DEFAULT_KDF, strongerKdf } from '../../crypto';
import {
  needsHardwareKey,
  newHardwareKeyParams,
  unlockWithHardwareKey,
  validateKeyedWrap,
  wrapWithHardwareKey,
  wrapWithoutHardwareKey,
} from '../../crypto';
import type { FieldCipher, HardwareKeyParams, KdfCost, VaultKey, WrappedVaultKey } from '../../crypto/types';
import { WrongPassphraseError } from '../../crypto/types';
import { SEALED_TABLES, type SquircleDb } from '../../storage/db';
import { checkLedger, rebuildLedger, sealTries, startLedger, type LedgerCheck } from '../../storage/ledger';
import { DAY_MS } from '../../storage/retention';
import { rotateVaultKey, type RotationResult } from '../../storage/rotate';
import { upgradeSealedRows } from '../../storage/upgrade-rows';
import { VaultStore, unlockDelaySeconds, type ThrottleMirror } from '../../storage/vault-store';
import {
  clearSessionKey,
  clearSessionKeyForRotation,
  onSessionKeyCleared,
  onSessionKeySet,
  readSessionKey,
  writeSessionKey,
} from '../common/session-key';
import { SecurityKeyError, type SecurityKeyPort } from './security-key';
import { attachLedger, readLedgerMark, writeLedgerMark } from '../common/ledger-mark';
import { keepPendingSaves, settlePendingSaves, UnsavedTextError } from '../../util/pending-saves';
import { UserError } from '../../util/user-error';

/**
 * How long a lock waits for typed text to be saved. A save takes
 * milliseconds; one that hangs must not keep the key in memory.
 */
export const SETTLE_LIMIT_MS = 5000;

/** Settles the page's autosaved fields (util/pending-saves.ts), or rejects after `ms`. */
function settleWithin(ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UnsavedTextError(1)), ms);
  });
  return Promise.race([settlePendingSaves(), late]).finally(() => clearTimeout(timer));
}

export type VaultState = 'none' | 'locked' | 'unlocked';

/** A clinic's minimum Argon2id cost. */
export interface KdfFloor {
  memKiB: number;
  iterations: number;
}

/** The default cost, raised to a clinic's floor; never lower than the default. */
function costAtLeast(floor?: KdfFloor): KdfCost {
  return {
    ...DEFAULT_KDF,
    memKiB: Math.max(DEFAULT_KDF.memKiB, floor?.memKiB ?? 0),
    iterations: Math.max(DEFAULT_KDF.iterations, floor?.iterations ?? 0),
  };
}

export class ThrottledError extends Error {
  override readonly name = 'ThrottledError';
  readonly messageKey = 'serviceErrors.throttled';
  readonly messageNamed: Readonly<Record<string, number>>;
  constructor(readonly waitSeconds: number) {
    super(`Too many wrong passphrases. Try again in ${waitSeconds} s.`);
    this.messageNamed = { seconds: waitSeconds };
  }
}

/**
 * The vault as the panel and options page see it: create, unlock, lock,
 * change passphrase. Holds the vault key in memory while unlocked and
 * mirrors it in storage.session so other extension pages open unlocked and
 * follow each lock, unlock and first creation made in another page.
 */
export class VaultService {
  private key_: VaultKey | undefined;
  private cipher: FieldCipher | undefined;
  private readonly store: VaultStore;
  private readonly listeners = new Set<(s: VaultState) => void>();

  /** The clinic's KDF floor, read when it matters (create, unlock, change). */
  private readonly floor: () => KdfFloor | undefined;
  /** The clinic's recovery public key (policy recoveryPublicKey), read on create and unlock. */
  private readonly recoveryKey: () => string | undefined;
  private readonly now: () => number;
  /** The authenticator a vault with a security key is unlocked with (security-key.ts). */
  private readonly securityKey: SecurityKeyPort | undefined;
  /** The retention period in force (0: keep everything), read when the ledger is checked. */
  private readonly retentionDays: () => Promise<number>;
  private ledgerCheck: Promise<LedgerCheck> | undefined;

  constructor(
    readonly db: SquircleDb,
    opts: {
      floor?: () => KdfFloor | undefined;
      recoveryKey?: () => string | undefined;
      now?: () => number;
      securityKey?: SecurityKeyPort;
      retentionDays?: () => Promise<number>;
      /** The throttle's second copy outside IndexedDB. */
      throttleMirror?: ThrottleMirror;
    } = {},
  ) {
    this.floor = opts.floor ?? (() => undefined);
    this.recoveryKey = opts.recoveryKey ?? (() => undefined);
    this.now = opts.now ?? Date.now;
    this.securityKey = opts.securityKey;
    this.retentionDays = opts.retentionDays ?? (() => Promise.resolve(0));
    this.store = new VaultStore(db, opts.throttleMirror);
    // Locked elsewhere (the auto-lock, another page): what this page's fields hold is saved under the
    // key this page still has, then the key goes; text that cannot be saved stays in its field.
    onSessionKeyCleared(({ rotating }) => void this.lockedElsewhere(rotating));
    // A vault created or unlocked in another Squircle page: this page follows (state() adopts the key).
    onSessionKeySet(() => {
      if (!this.key_) void this.state();
    });
  }

  async state(): Promise<VaultState> {
    if (this.key_) return 'unlocked';
    if (!(await this.store.wrapped())) return 'none';
    const fromSession = await readSessionKey();
    if (fromSession) {
      this.adopt(fromBase64(fromSession) as VaultKey);
      return 'unlocked';
    }
    return 'locked';
  }

  onChange(cb: (s: VaultState) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Throws if a vault exists already: one vault per browser profile. */
  async create(passphrase: string, floor: KdfFloor | undefined = this.floor()): Promise<void> {
    if (await this.store.wrapped())
      throw new UserError('serviceErrors.vaultExists', 'A vault exists already in this browser profile.');
    const { wrapped, vaultKey } = await createVault(passphrase, costAtLeast(floor));
    await this.store.putWrapped(wrapped);
    const cipher = fieldCipher(vaultKey);
    await writeLedgerMark(cipher, await startLedger(this.db, cipher, SEALED_TABLES));
    await this.syncRecovery(vaultKey);
    await this.begin(vaultKey);
  }

  /**
   * Throws ThrottledError while a wait is due, WrongPassphraseError on a
   * wrong passphrase (and counts it). Never changes stored data otherwise.
   */
  async unlock(passphrase: string, floor: KdfFloor | undefined = this.floor()): Promise<void> {
    await this.checkThrottle();
    const wrapped = await this.store.wrapped();
    if (!wrapped) throw new UserError('serviceErrors.noVaultToUnlock', 'There is no vault to unlock yet.');
    // The key is asked first, while the click that asked for unlocking is fresh; Argon2id runs after.
    const prf = needsHardwareKey(wrapped) ? await this.touchKey(wrapped) : undefined;
    let key: VaultKey;
    try {
      key = prf ? await unlockWithHardwareKey(passphrase, wrapped, prf) : await unlockVault(passphrase, wrapped);
    } catch (e) {
      if (e instanceof WrongPassphraseError) await this.store.recordFailure(this.now());
      throw e;
    }
    await this.store.clearFailures();
    // A clinic raised the KDF floor: re-wrap now, while the passphrase is at hand.
    if (floor && (wrapped.kdf.memKiB < floor.memKiB || wrapped.kdf.iterations < floor.iterations)) {
      const cost = costAtLeast(floor);
      await this.store.putWrapped(
        prf
          ? await wrapWithHardwareKey(
              passphrase,
              key,
              prf,
              validateKeyedWrap(wrapped).hardwareKey,
              strongerKdf(wrapped.kdf, cost),
            )
          : await rewrapVault(passphrase, passphrase, wrapped, cost),
      );
    }
    await this.syncRecovery(key);
    await this.begin(key);
  }

  /**
   * Which clinic recovery key this vault's key is sealed to, as a
   * fingerprint, or undefined when the clinic has set none.
   */
  async recoveryFingerprint(): Promise<string | undefined> {
    const record = await this.store.recovery();
    return record ? recoveryKeyFingerprint(fromBase64(record.to)) : undefined;
  }

  /** Seconds until another try is allowed (0 when free). */
  async waitSeconds(): Promise<number> {
    const t = await this.store.throttle();
    const due = t.lastFailureAt + unlockDelaySeconds(t.failures) * 1000;
    return Math.max(0, Math.ceil((due - this.now()) / 1000));
  }

  /** Re-wraps the same vault key: every record stays readable. */
  async changePassphrase(
    oldPassphrase: string,
    newPassphrase: string,
    floor: KdfFloor | undefined = this.floor(),
  ): Promise<void> {
    await this.checkThrottle();
    const wrapped = await this.store.wrapped();
    if (!wrapped) throw new UserError('serviceErrors.noVault', 'There is no vault yet.');
    let next;
    try {
      next = needsHardwareKey(wrapped)
        ? await this.rewrapWithKey(oldPassphrase, newPassphrase, wrapped, costAtLeast(floor))
        : await rewrapVault(oldPassphrase, newPassphrase, wrapped, costAtLeast(floor));
    } catch (e) {
      if (e instanceof WrongPassphraseError) await this.store.recordFailure(this.now());
      throw e;
    }
    await this.store.putWrapped(next);
  }

  /** Whether unlocking needs the security key too. */
  async needsKey(): Promise<boolean> {
    return needsHardwareKey(await this.store.wrapped());
  }

  /**
   * Makes unlocking need a security key as well as the passphrase: checks
   * the passphrase, registers a new WebAuthn credential, asks it for its PRF
   * output and re-wraps the same vault key under both. Throws
   * WrongPassphraseError (counted), ThrottledError, SecurityKeyError; on any
   * throw the stored wrap is unchanged.
   */
  async addSecurityKey(passphrase: string, floor: KdfFloor | undefined = this.floor()): Promise<void> {
    const port = this.requirePort();
    const wrapped = await this.wrappedForChange();
    if (needsHardwareKey(wrapped))
      throw new UserError('serviceErrors.hasKey', 'This vault already needs a security key.');
    const key = await this.checked(() => unlockVault(passphrase, wrapped));
    try {
      const params = newHardwareKeyParams(await port.register());
      const prf = await port.evaluate(params);
      const cost = strongerKdf(wrapped.kdf, costAtLeast(floor));
      const next = await wrapWithHardwareKey(passphrase, key, prf, params, cost);
      prf.fill(0);
      await this.store.putWrapped(next);
    } finally {
      wipe(key);
    }
  }

  /**
   * Unlocking needs the passphrase alone again. Needs the security key
   * present. Throws WrongPassphraseError (counted), ThrottledError,
   * SecurityKeyError; on any throw the stored wrap is unchanged.
   */
  async removeSecurityKey(passphrase: string, floor: KdfFloor | undefined = this.floor()): Promise<void> {
    const wrapped = await this.wrappedForChange();
    if (!needsHardwareKey(wrapped)) return;
    const prf = await this.touchKey(wrapped);
    const key = await this.checked(() => unlockWithHardwareKey(passphrase, wrapped, prf));
    try {
      await this.store.putWrapped(await wrapWithoutHardwareKey(passphrase, key, wrapped, costAtLeast(floor)));
    } finally {
      wipe(key, prf);
    }
  }

  /**
   * Changes the passphrase and draws a new vault key ("re-encrypt
   * everything"): every sealed row and keyed index, the integrity ledger and
   * the clinic recovery record are sealed again under the new key, in one
   * transaction (storage/rotate.ts), so an interruption leaves the vault as
   * it was, old passphrase and all. Every Squircle page locks first (their
   * ciphers hold the old key); a vault that was open opens again under the
   * new key, or under the old one when the rotation failed. Backups made
   * before stay under the old key and open only with the old passphrase.
   * A vault with a security key asks the key once, before anything else,
   * and the new key is wrapped under the new passphrase and the same
   * credential. Throws as changePassphrase (SecurityKeyError when the key
   * does not answer, and nothing changes), DiskFullError when the disk cannot hold a
   * second copy of the vault, and the database's error when a write fails.
   */
  async rotateKey(
    oldPassphrase: string,
    newPassphrase: string,
    onProgress?: (done: number, total: number) => void,
    floor: KdfFloor | undefined = this.floor(),
  ): Promise<RotationResult> {
    await this.checkThrottle();
    const wrapped = await this.store.wrapped();
    if (!wrapped) throw new UserError('serviceErrors.noVault', 'There is no vault yet.');
    // A keyed vault stays keyed: the key is asked once, first, while the click is fresh, and its answer
    // opens the old wrap and wraps the new key, so the new wrap too refuses the passphrase alone.
    const prf = needsHardwareKey(wrapped) ? await this.touchKey(wrapped) : undefined;
    let oldKey: VaultKey;
    try {
      oldKey = await this.checked(() =>
        prf ? unlockWithHardwareKey(oldPassphrase, wrapped, prf) : unlockVault(oldPassphrase, wrapped),
      );
    } catch (e) {
      prf?.fill(0);
      throw e;
    }
    const wasOpen = (await this.state()) === 'unlocked';
    let made: { wrapped: WrappedVaultKey; vaultKey: VaultKey };
    try {
      await this.db.room?.checkRewrite();
      const cost = strongerKdf(wrapped.kdf, costAtLeast(floor));
      made = prf
        ? await this.newKeyedVault(newPassphrase, prf, validateKeyedWrap(wrapped).hardwareKey, cost)
        : await createVault(newPassphrase, cost);
    } catch (e) {
      wipe(oldKey);
      throw e;
    } finally {
      prf?.fill(0);
    }
    const from = fieldCipher(oldKey);
    const to = fieldCipher(made.vaultKey);
    const current = await this.store.recovery();
    const clinic = current && recoveryPublicKey(current.to);
    // This page's typed text is saved under the old key and re-sealed with the rest; other pages drop theirs.
    try {
      if (this.key_) await settleWithin(SETTLE_LIMIT_MS);
    } catch (e) {
      wipe(made.vaultKey, oldKey);
      throw e;
    }
    this.forget();
    await clearSessionKeyForRotation();
    let result: RotationResult;
    try {
      result = await rotateVaultKey(this.db, {
        from,
        to,
        wrapped: made.wrapped,
        ...(clinic ? { recovery: sealForRecovery(made.vaultKey, clinic) } : {}),
        ledgerAtLeast: (await readLedgerMark(from)) ?? 0,
        ...(onProgress ? { onProgress } : {}),
      });
    } catch (e) {
      wipe(made.vaultKey);
      if (wasOpen) await this.begin(oldKey);
      else await this.closeRotation(oldKey);
      throw e;
    }
    wipe(oldKey);
    // The rotation has committed: what follows cannot undo it, so a failure here is not reported as
    // "nothing changed". The mark is written again by the next integrity check; a vault that does not
    // open again here stays locked and opens with the new passphrase.
    await writeLedgerMark(to, result.ledgerSeq).catch(() => undefined);
    if (wasOpen) await this.begin(made.vaultKey).catch(() => this.closeRotation(undefined));
    else await this.closeRotation(made.vaultKey);
    return result;
  }

  /** A rotation ends locked: the key it leaves behind is erased, and so is its mark in storage.session. */
  private async closeRotation(key: VaultKey | undefined): Promise<void> {
    if (key) wipe(key);
    this.forget();
    await clearSessionKey().catch(() => undefined);
  }

  /**
   * Saves what the page's autosaved fields still hold, sealed with the key
   * about to be erased, then erases it here and in every page. When some
   * text cannot be saved, rejects with UnsavedTextError and stays unlocked,
   * the text on screen with its field's message.
   */
  async lock(): Promise<void> {
    if (this.key_) await settleWithin(SETTLE_LIMIT_MS);
    this.forget();
    await clearSessionKey();
  }

  /**
   * Locked in another page or by the auto-lock: the key is already gone
   * from storage.session, and this page saves with its own copy before it
   * erases that. Not for a rotation, which re-seals every row under a new
   * key: a row written under the old one after it would not open. Text that
   * cannot be saved is handed over (keepPendingSaves) for its field to save
   * when it opens again.
   */
  private async lockedElsewhere(rotating: boolean): Promise<void> {
    const key = this.key_;
    if (!key) return;
    // Text that could not be saved is handed over, sealed with this key, before the key goes.
    if (!rotating) await settleWithin(SETTLE_LIMIT_MS).catch(keepPendingSaves);
    // Unlocked again meanwhile (another key adopted): that one stays.
    if (this.key_ === key) this.forget();
  }

  /** The vault key itself, for keyed fingerprints. Throws when locked. */
  key(): VaultKey {
    if (!this.key_) throw new UserError('serviceErrors.locked', 'The vault is locked.');
    return this.key_;
  }

  /** Throws when locked: callers only ask while showing unlocked screens. */
  fields(): FieldCipher {
    if (!this.cipher) throw new UserError('serviceErrors.locked', 'The vault is locked.');
    return this.cipher;
  }

  /**
   * Whether the sealed tables hold what the integrity ledger recorded
   * (storage/ledger.ts): run once per unlock, when first asked, off the
   * unlock's path. Findings come back on every unlock until accepted.
   * Throws when locked; rejects when the check cannot run (the caller must
   * say so: an unchecked vault is not a clean one).
   */
  integrity(): Promise<LedgerCheck> {
    const cipher = this.fields();
    this.ledgerCheck ??= (async () => {
      const days = await this.retentionDays();
      const result = await checkLedger(this.db, cipher, SEALED_TABLES, {
        mark: await readLedgerMark(cipher),
        retentionCutoff: days > 0 ? this.now() - days * DAY_MS : undefined,
      });
      await writeLedgerMark(cipher, result.seq);
      const tries = await sealTries(this.db, cipher, (await this.store.throttle()).total);
      return tries ? { ...result, findings: [...result.findings, tries] } : result;
    })();
    // A check that could not run is tried again when next asked, not remembered as a failure.
    const checked = this.ledgerCheck;
    checked.catch(() => {
      if (this.ledgerCheck === checked) this.ledgerCheck = undefined;
    });
    return checked;
  }

  /** The user has been told what differs: the ledger starts again from the rows as they are. Throws when locked. */
  async acceptIntegrity(): Promise<void> {
    const cipher = this.fields();
    const seq = await rebuildLedger(this.db, cipher, SEALED_TABLES, (await readLedgerMark(cipher)) ?? 0);
    await writeLedgerMark(cipher, seq);
    this.ledgerCheck = Promise.resolve({ findings: [], seq });
  }

  /**
   * Keeps the recovery record in step with the clinic's policy while the key
   * is at hand: sealed to the policy's key (again, when the key changed), or
   * removed when the policy names none. An unusable key in the policy seals
   * nothing.
   */
  private async syncRecovery(key: VaultKey): Promise<void> {
    const publicKey = recoveryPublicKey(this.recoveryKey());
    const current = await this.store.recovery();
    if (!publicKey) {
      if (current) await this.store.putRecovery(undefined);
      return;
    }
    if (current?.to === toBase64(publicKey)) return;
    await this.store.putRecovery(sealForRecovery(key, publicKey));
  }

  private async rewrapWithKey(
    oldPassphrase: string,
    newPassphrase: string,
    wrapped: WrappedVaultKey,
    floor: KdfCost,
  ): Promise<WrappedVaultKey> {
    if (newPassphrase === '') throw new TypeError('A passphrase is required.');
    const record = validateKeyedWrap(wrapped);
    const prf = await this.touchKey(record);
    const key = await unlockWithHardwareKey(oldPassphrase, record, prf);
    try {
      return await wrapWithHardwareKey(newPassphrase, key, prf, record.hardwareKey, strongerKdf(record.kdf, floor));
    } finally {
      wipe(key, prf);
    }
  }

  /** A new vault key wrapped under the passphrase and the same credential's PRF output. */
  private async newKeyedVault(
    passphrase: string,
    prf: Uint8Array,
    params: HardwareKeyParams,
    cost: KdfCost,
  ): Promise<{ wrapped: WrappedVaultKey; vaultKey: VaultKey }> {
    if (passphrase === '') throw new TypeError('A passphrase is required.');
    const vaultKey = newVaultKey();
    try {
      return { wrapped: await wrapWithHardwareKey(passphrase, vaultKey, prf, params, cost), vaultKey };
    } catch (e) {
      wipe(vaultKey);
      throw e;
    }
  }

  /** The PRF output of the wrap's security key. Throws SecurityKeyError (also without WebAuthn here). */
  private async touchKey(wrapped: WrappedVaultKey): Promise<Uint8Array> {
    return this.requirePort().evaluate(validateKeyedWrap(wrapped).hardwareKey);
  }

  private requirePort(): SecurityKeyPort {
    if (!this.securityKey) throw new SecurityKeyError('unavailable', 'No security key support in this page.');
    return this.securityKey;
  }

  private async wrappedForChange(): Promise<WrappedVaultKey> {
    await this.checkThrottle();
    const wrapped = await this.store.wrapped();
    if (!wrapped) throw new UserError('serviceErrors.noVault', 'There is no vault yet.');
    return wrapped;
  }

  /** Runs an unwrap; a wrong passphrase is counted like a failed unlock. */
  private async checked(open: () => Promise<VaultKey>): Promise<VaultKey> {
    try {
      return await open();
    } catch (e) {
      if (e instanceof WrongPassphraseError) await this.store.recordFailure(this.now());
      throw e;
    }
  }

  private async checkThrottle(): Promise<void> {
    const wait = await this.waitSeconds();
    if (wait > 0) throw new ThrottledError(wait);
  }

  /**
   * Rows from before keyed indexes are re-sealed before any page reads them
   * (storage/upgrade-rows.ts), then other pages get the key.
   */
  private async begin(key: VaultKey): Promise<void> {
    attachLedger(this.db, fieldCipher(key));
    await upgradeSealedRows(this.db, fieldCipher(key));
    this.adopt(key);
    await writeSessionKey(toBase64(key));
  }

  private adopt(key: VaultKey): void {
    this.key_ = key;
    this.cipher = fieldCipher(key);
    attachLedger(this.db, this.cipher);
    this.emit('unlocked');
  }

  private forget(): void {
    if (!this.key_) return;
    wipe(this.key_);
    this.key_ = undefined;
    this.cipher = undefined;
    this.ledgerCheck = undefined;
    attachLedger(this.db, undefined);
    this.emit('locked');
  }

  private emit(s: VaultState): void {
    for (const cb of this.listeners) cb(s);
  }
}
