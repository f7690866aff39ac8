import type { JSX } from 'preact';
import type { GroupChannelInfo } from './api';

const STATE: Record<GroupChannelInfo['status']['state'], string> = {
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  offline: 'offline',
  refused: 'refused by the broker',
  unreachable: 'cannot reach the broker',
  forbidden: 'not allowed by the broker',
  stopped: 'not running',
  elsewhere: 'running in another Squircle window',
};
const PRESENCE = { here: 'here', away: 'away', gone: 'not connected' } as const;

/** One calm line: the connection, what waits to be sent, and whether each co-leader is here. */
export function ChannelState({ info }: { info: GroupChannelInfo }): JSX.Element {
  const { state, waiting, presence } = info.status;
  const others = Object.values(presence);
  const co = others.length ? others.map((p) => PRESENCE[p]).join(', ') : 'no co-leader yet';
  return (
    <p class="quiet channel-state" role="status" data-channel-state={state} data-waiting={waiting}>
      Channel {STATE[state]}
      {waiting > 0 && state !== 'connected' ? `, ${waiting} waiting to send` : ''} ·{' '}
      {others.length > 1 ? 'Co-leaders' : 'Co-leader'}: {co}
    </p>
  );
}
