import type { BackupApi } from '../../components/backup/BackupView';
import {
  fieldCipher,
  needsHardwareKey,
  unlockVault,
  unlockWithHardwareKey,
  validateKeyedWrap,
  wipe,
} from '../../crypto';
import type { FieldCipher } from '../../crypto/types';
import { browserSecurityKey } from './security-key';
import { exportBackup, importBackup, type BackupCrypto } from '../../storage/backup';
import type { SquircleDb } from '../../storage/db';

/** The crypto operations storage/backup needs, from crypto/ and WebCrypto. */
export const backupCrypto: BackupCrypto = {
  digest: async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)),
  openVault: async (passphrase, wrapped) => {
    // A backup made while the vault needed a security key needs that key too.
    const key = needsHardwareKey(wrapped)
      ? await unlockWithHardwareKey(
          passphrase,
          wrapped,
          await browserSecurityKey.evaluate(validateKeyedWrap(wrapped).hardwareKey),
        )
      : await unlockVault(passphrase, wrapped);
    return { cipher: fieldCipher(key), close: () => wipe(key) };
  },
};

/** Backup for an unlocked vault: export, and import re-sealed under this vault. */
export function backupApi(db: SquircleDb, cipher: FieldCipher, allowed: boolean): BackupApi {
  return {
    allowed,
    exportBackup: (onProgress) => exportBackup(db, { cipher, digest: backupCrypto.digest }, onProgress),
    importBackup: async (text, passphrase, onProgress) => {
      const r = await importBackup(db, text, passphrase, { ...backupCrypto, current: cipher }, onProgress);
      return { records: r.written };
    },
  };
}

/** A fresh profile restores a backup before it has a vault: the backup's vault is adopted. */
export async function restoreIntoEmptyProfile(
  db: SquircleDb,
  text: string,
  passphrase: string,
  onProgress?: (d: number, t: number) => void,
): Promise<number> {
  const r = await importBackup(db, text, passphrase, backupCrypto, onProgress);
  return r.written;
}
