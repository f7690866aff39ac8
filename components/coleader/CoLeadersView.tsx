import type { JSX } from 'preact';
import { Button } from '../common/Button';
import { useEffect, useState } from 'preact/hooks';
import type { Group } from '../../domain/types';
import type { CoLeaderApi, GroupChannelInfo } from './api';
import { BrokerSignIn } from './BrokerSignIn';
import { ChannelState } from './ChannelState';
import { InviteBox } from './InviteBox';
import { JoinForm } from './JoinForm';
import { WhereWeMeet } from './WhereWeMeet';
import { SupervisionSection } from '../supervision/SupervisionSection';
import type { BackchannelApi } from '../backchannel/api';
import { ModePicker } from '../backchannel/ModePicker';
import { TransparencyNote } from '../backchannel/TransparencyNote';
import { Message } from '../common/Message';
import { t, type MessageKey } from '../../util/i18n';
import { shownError } from '../../util/user-error';

/** Pair with co-leaders, compare safety numbers aloud, and see how the channel is. */
export function CoLeadersView({
  api,
  groups,
  backchannel,
}: {
  api: CoLeaderApi;
  groups: Group[];
  backchannel: BackchannelApi;
}): JSX.Element {
  const [infos, setInfos] = useState<Record<string, GroupChannelInfo | undefined>>({});
  const refresh = async () => {
    const entries = await Promise.all(groups.map(async (g) => [g.id, await api.forGroup(g.id)] as const));
    setInfos(Object.fromEntries(entries));
  };
  useEffect(() => {
    void refresh();
    const off = api.onChange(() => void refresh());
    const timer = setInterval(() => void refresh(), 2000);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [api, groups.map((g) => g.id).join()]);
  const refused = Object.values(infos).find((i) => i?.status.state === 'refused');
  return (
    <>
      <JoinForm join={(text, code) => api.join(text, code)} />
      <BrokerSignIn api={api} refusedHost={refused?.brokerHost} />
      <WhereWeMeet api={api} />
      {groups
        .filter((g) => !g.archived)
        .map((g) => (
          <GroupChannel key={g.id} api={api} group={g} info={infos[g.id]} backchannel={backchannel} />
        ))}
      {api.supervision && <SupervisionSection api={api.supervision} />}
      <TransparencyNote />
      <section class="card" aria-labelledby="keys-title">
        <h2 id="keys-title">{t('coleadersView.keysTitle')}</h2>
        <p class="quiet">{t('coleadersView.keysIntro')}</p>
        <Button onClick={() => void api.resetKeys()}>{t('coleadersView.resetKeys')}</Button>
      </section>
    </>
  );
}

const PRESENCE = {
  here: 'channelState.here',
  away: 'channelState.away',
  gone: 'channelState.gone',
} as const satisfies Record<string, MessageKey>;

/** A host, a device code: kept in its own direction inside a translated sentence. */
const iso = (text: string) => <bdi>{text}</bdi>;
/** An address or a topic, read as code and always left to right. */
const code = (text: string, attrs: Record<string, string> = {}) => (
  <code dir="ltr" {...attrs}>
    {text}
  </code>
);

/** A device id as people can read it out: its first eight characters in two groups. */
const deviceCode = (id: string) => `${id.slice(0, 4)}-${id.slice(4, 8)}`;

function GroupChannel({
  api,
  group,
  info,
  backchannel,
}: {
  api: CoLeaderApi;
  group: Group;
  info: GroupChannelInfo | undefined;
  backchannel: BackchannelApi;
}): JSX.Element {
  return (
    <section
      class="card"
      aria-label={t('coleadersView.groupLabel', { group: group.name })}
      data-group-channel={group.id}
    >
      <h2>
        <bdi>{group.name}</bdi>
      </h2>
      <ModePicker groupId={group.id} backchannel={backchannel} />
      {info && <ChannelState info={info} />}
      {info?.notAllowed && (
        <p class="warning" data-not-allowed>
          <Message id="coleadersView.notAllowed" parts={{ reason: info.notAllowed, host: iso(info.brokerHost) }} />
        </p>
      )}
      {info?.status.state === 'refused' && (
        <p class="warning refused-warning">
          <Message id="coleadersView.refused" parts={{ host: iso(info.brokerHost) }} />
        </p>
      )}
      {info?.status.state === 'unreachable' && <Unreachable info={info} />}
      {info?.status.state === 'forbidden' && (
        <p class="warning forbidden-warning" data-forbidden>
          <Message
            id="coleadersView.forbidden"
            parts={{ host: iso(info.brokerHost), topics: code(info.topicPrefix) }}
          />
        </p>
      )}
      {info?.blocked && (
        <div class="warning" role="alert">
          <p>
            <strong>{t('coleadersView.keysChanged')}</strong> {t('coleadersView.keysChangedThen')}
          </p>
          <p class="safety" data-safety-number>
            {info.blocked.safetyNumber}
          </p>
          <Button onClick={() => void api.verify(group.id, info.blocked!.deviceId)}>
            {t('coleadersView.trustNewKeys')}
          </Button>
        </div>
      )}
      {info?.removedHere && (
        <p class="warning" role="alert" data-removed-here>
          {t('coleadersView.removedHere')}
        </p>
      )}
      {info?.me && info.coLeaders.length > 0 && (
        <p class="quiet" data-my-device={info.me}>
          <Message id="coleadersView.thisDevice" parts={{ code: iso(deviceCode(info.me)) }} />
        </p>
      )}
      {info?.coLeaders.map((c) => (
        <div key={c.deviceId} class="coleader" data-coleader={c.deviceId}>
          <h3>
            <Message
              id={c.invitedMe ? 'coleadersView.coleaderOnInvited' : 'coleadersView.coleaderOn'}
              parts={{ code: iso(deviceCode(c.deviceId)) }}
            />
            <span class="quiet"> · {t(PRESENCE[info.status.presence[c.deviceId] ?? 'gone'])}</span>
          </h3>
          <p class="quiet">
            {info.coLeaders.length > 1 ? (
              <Message id="coleadersView.readWith" parts={{ code: iso(deviceCode(c.deviceId)) }} />
            ) : (
              t('coleadersView.readTogether')
            )}
          </p>
          <p class="safety" data-safety-number>
            {c.safetyNumber}
          </p>
          {c.verified ? (
            <p class="quiet" data-verified>
              {t('coleadersView.verified')}
            </p>
          ) : (
            <Button onClick={() => void api.verify(group.id, c.deviceId)}>{t('coleadersView.markVerified')}</Button>
          )}
          {info.canRemove && (
            <RemoveCoLeader device={deviceCode(c.deviceId)} remove={() => api.remove(group.id, c.deviceId)} />
          )}
        </div>
      ))}
      {!info?.removedHere && <InviteBox invite={() => api.invite(group.id)} />}
      {info && (
        <details class="for-broker-admin">
          <summary>{t('coleadersView.forAdmin')}</summary>
          <p class="quiet">
            <Message
              id="coleadersView.adminText"
              parts={{
                topics: code(info.topicPrefix, { 'data-topic-prefix': '' }),
                joinTopics: code(info.joinTopicPrefix),
              }}
            />
          </p>
        </details>
      )}
      {info && info.diagnostics.length > 0 && (
        <details>
          <summary>{t('coleadersView.refusedMessages')}</summary>
          <ul class="plain diagnostics">
            {info.diagnostics.map((d) => (
              <li key={d.reason} data-reason={d.reason}>
                {d.reason}: {d.count}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/**
 * The broker never answered since the channel started. Over TLS the browser
 * may have refused its certificate: it fails the connection without telling
 * the page why, so the leader is shown where to see the browser's own reason.
 */
function Unreachable({ info }: { info: GroupChannelInfo }): JSX.Element {
  const u = new URL(info.brokerUrl);
  const tls = u.protocol === 'wss:' || u.protocol === 'mqtts:';
  const page = `https://${u.host}/`;
  return (
    <p class="warning unreachable-warning" data-unreachable>
      <Message id="coleadersView.unreachable" parts={{ host: iso(info.brokerHost) }} />{' '}
      {tls ? (
        <Message id="coleadersView.unreachableTls" parts={{ page: code(page) }} />
      ) : (
        t('coleadersView.unreachablePlain')
      )}
    </p>
  );
}

/** Removing a co-leader or a lost device, behind a confirm step that says what it does. */
function RemoveCoLeader({ device, remove }: { device: string; remove: () => Promise<void> }): JSX.Element {
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  if (!asking)
    return (
      <Button variant="ghost" data-remove onClick={() => setAsking(true)}>
        {t('coleadersView.remove')}
      </Button>
    );
  return (
    <div class="confirm" role="group" aria-label={t('coleadersView.removeLabel', { code: device })} data-remove-confirm>
      <p>
        <Message id="coleadersView.removeConfirm" parts={{ code: iso(device) }} />
      </p>
      {problem && (
        <p class="warning" role="alert">
          {problem}
        </p>
      )}
      <Button
        variant="destructive"
        data-remove-yes
        onClick={() =>
          void remove().then(
            () => setAsking(false),
            (e: unknown) => setProblem(shownError(e)),
          )
        }
      >
        <Message id="coleadersView.removeDevice" parts={{ code: iso(device) }} />
      </Button>{' '}
      <Button onClick={() => setAsking(false)}>{t('coleadersView.keep')}</Button>
    </div>
  );
}
