import type { GroupChannelInfo } from '../../components/coleader/api';
import { t } from '../../util/i18n';

/**
 * Why nothing sent to the co-leader now would reach them, or null when a
 * co-leader's panel is running and this channel is connected. Signals and
 * "Send now" are about this moment: offered while no one can receive them,
 * the panel would say "Sent" to nobody. In the user's language.
 */
export function coLeaderAbsence(c: GroupChannelInfo | undefined): string | null {
  if (!c) return t('errorText.reachUnpaired');
  if (c.notAllowed) return c.notAllowed;
  if (c.blocked) return t('errorText.reachKeysChanged');
  if (c.coLeaders.length === 0) return t('errorText.reachNotJoined');
  // Another window of this browser runs the channel and sends what this one makes.
  if (c.status.state === 'elsewhere') return null;
  if (c.status.state !== 'connected') return t('errorText.reachOffline');
  const here = c.coLeaders.some((l) => {
    const p = c.status.presence[l.deviceId];
    return p === 'here' || p === 'away';
  });
  return here ? null : t('errorText.reachAbsent');
}
