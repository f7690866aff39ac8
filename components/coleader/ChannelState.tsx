import type { JSX } from 'preact';
import { t, type MessageKey } from '../../util/i18n';
import type { GroupChannelInfo } from './api';

const STATE = {
  connecting: 'channelState.connecting',
  connected: 'channelState.connected',
  reconnecting: 'channelState.reconnecting',
  offline: 'channelState.offline',
  refused: 'channelState.refused',
  unreachable: 'channelState.unreachable',
  forbidden: 'channelState.forbidden',
  stopped: 'channelState.stopped',
  elsewhere: 'channelState.elsewhere',
} as const satisfies Record<GroupChannelInfo['status']['state'], MessageKey>;
const PRESENCE = {
  here: 'channelState.here',
  away: 'channelState.away',
  gone: 'channelState.gone',
} as const satisfies Record<string, MessageKey>;

/** One calm line: the connection, what waits to be sent, and whether each co-leader is here. */
export function ChannelState({ info }: { info: GroupChannelInfo }): JSX.Element {
  const { state, waiting, presence } = info.status;
  const others = Object.values(presence);
  const co = others.length ? others.map((p) => t(PRESENCE[p])).join(', ') : t('channelState.noColeader');
  return (
    <p class="quiet channel-state" role="status" data-channel-state={state} data-waiting={waiting}>
      {t('channelState.line', { state: t(STATE[state]) })}
      {waiting > 0 && state !== 'connected' ? t('channelState.waiting', { waiting }) : ''} ·{' '}
      {t('channelState.coleaders', others.length, { who: co })}
    </p>
  );
}
