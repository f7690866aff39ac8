import type { GroupChannelInfo } from '../../components/coleader/api';

/**
 * Why nothing sent to the co-leader now would reach them, or null when a
 * co-leader's panel is running and this channel is connected. Signals and
 * "Send now" are about this moment: offered while no one can receive them,
 * the panel would say "Sent" to nobody.
 */
export function coLeaderAbsence(c: GroupChannelInfo | undefined): string | null {
  if (!c) return 'No co-leader is paired for this group, so there is no one to send to. Pair under Co-leaders.';
  if (c.notAllowed) return c.notAllowed;
  if (c.blocked) return "Your co-leader's keys changed. Compare the safety number under Co-leaders first.";
  if (c.coLeaders.length === 0) return 'Your co-leader has not joined yet. Share the invite under Co-leaders.';
  // Another window of this browser runs the channel and sends what this one makes.
  if (c.status.state === 'elsewhere') return null;
  if (c.status.state !== 'connected') return 'Not connected to the broker right now, so nothing would arrive in time.';
  const here = c.coLeaders.some((l) => {
    const p = c.status.presence[l.deviceId];
    return p === 'here' || p === 'away';
  });
  return here ? null : 'Your co-leader is not connected right now.';
}
