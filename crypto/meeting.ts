import { digest32 } from './bytes';
import type { VaultKey } from './types';

/**
 * A salted fingerprint of a meeting (platform + meeting id), keyed by the
 * vault key so that the stored value reveals nothing about the meeting URL
 * without the vault. Hex, 32 hex digits. Never throws for any strings.
 */
export function meetingHash(key: VaultKey, platform: string, meetingId: string): string {
  const d = digest32('squircle/meeting/v1', key, platform, meetingId);
  let hex = '';
  for (let i = 0; i < 16; i++) hex += d[i]!.toString(16).padStart(2, '0');
  return hex;
}
