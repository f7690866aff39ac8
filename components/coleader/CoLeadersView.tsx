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
    const t = setInterval(() => void refresh(), 2000);
    return () => {
      off();
      clearInterval(t);
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
        <h2 id="keys-title">This device's keys</h2>
        <p class="quiet">
          If this device may have been copied or lost its keys, make new ones. Your co-leaders will be asked to compare
          safety numbers again.
        </p>
        <Button onClick={() => void api.resetKeys()}>Make new keys</Button>
      </section>
    </>
  );
}

const PRESENCE = { here: 'here', away: 'away', gone: 'not connected' } as const;

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
    <section class="card" aria-label={`Co-leaders of ${group.name}`} data-group-channel={group.id}>
      <h2>{group.name}</h2>
      <ModePicker groupId={group.id} backchannel={backchannel} />
      {info && <ChannelState info={info} />}
      {info?.notAllowed && (
        <p class="warning" data-not-allowed>
          {info.notAllowed} This channel meets at {info.brokerHost}, so it stays stopped. Ask your clinic's IT.
        </p>
      )}
      {info?.status.state === 'refused' && (
        <p class="warning refused-warning">
          The broker {info.brokerHost} turned down this device's sign-in, so nothing is sent or received. What you write
          waits here. Save or check this device's account under Clinic server account, or ask your clinic's IT.
        </p>
      )}
      {info?.status.state === 'unreachable' && <Unreachable info={info} />}
      {info?.status.state === 'forbidden' && (
        <p class="warning forbidden-warning" data-forbidden>
          The broker {info.brokerHost} signs this device in, but its account may not use this channel, so nothing is
          sent or received. What you write waits here, and it asks again every few seconds. Ask whoever runs the broker
          to let this device's account read and write the topics under <code>{info.topicPrefix}</code>.
        </p>
      )}
      {info?.blocked && (
        <div class="warning" role="alert">
          <p>
            <strong>A co-leader's security keys changed.</strong> The channel is stopped. Call them and read this safety
            number to each other aloud; continue only if it matches:
          </p>
          <p class="safety" data-safety-number>
            {info.blocked.safetyNumber}
          </p>
          <Button onClick={() => void api.verify(group.id, info.blocked!.deviceId)}>
            It matches: trust the new keys
          </Button>
        </div>
      )}
      {info?.removedHere && (
        <p class="warning" role="alert" data-removed-here>
          The co-leader who invited you removed this device from this group's channel. Nothing they send from now on
          reaches this device. To work together again, they can send you a new invite.
        </p>
      )}
      {info?.me && info.coLeaders.length > 0 && (
        <p class="quiet" data-my-device={info.me}>
          This device: {deviceCode(info.me)}
        </p>
      )}
      {info?.coLeaders.map((c) => (
        <div key={c.deviceId} class="coleader" data-coleader={c.deviceId}>
          <h3>
            Co-leader on device {deviceCode(c.deviceId)}
            {c.invitedMe ? ' (invited you)' : ''}
            <span class="quiet"> · {PRESENCE[info.status.presence[c.deviceId] ?? 'gone']}</span>
          </h3>
          <p class="quiet">
            {info.coLeaders.length > 1
              ? `Read this safety number aloud with the co-leader on device ${deviceCode(c.deviceId)}. ` +
                `It must be the same on both your screens.`
              : 'Read this safety number to each other aloud on the call. It must be the same on both screens.'}
          </p>
          <p class="safety" data-safety-number>
            {c.safetyNumber}
          </p>
          {c.verified ? (
            <p class="quiet" data-verified>
              Verified ✓
            </p>
          ) : (
            <Button onClick={() => void api.verify(group.id, c.deviceId)}>Mark as verified</Button>
          )}
          {info.canRemove && (
            <RemoveCoLeader device={deviceCode(c.deviceId)} remove={() => api.remove(group.id, c.deviceId)} />
          )}
        </div>
      ))}
      {!info?.removedHere && <InviteBox invite={() => api.invite(group.id)} />}
      {info && (
        <details class="for-broker-admin">
          <summary>For the broker's administrator</summary>
          <p class="quiet">
            Where each device has its own broker account, grant this device's account and each co-leader's reading and
            writing under <code data-topic-prefix>{info.topicPrefix}</code>, and under{' '}
            <code>{info.joinTopicPrefix}</code> for joining. No other channel's topics are needed (broker/README.md in
            Squircle's source).
          </p>
        </details>
      )}
      {info && info.diagnostics.length > 0 && (
        <details>
          <summary>Refused messages</summary>
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
      Squircle cannot reach the broker {info.brokerHost}, so nothing is sent or received. What you write waits here, and
      it keeps trying.{' '}
      {tls ? (
        <>
          Either nothing answers at that address, or this browser does not trust the broker's certificate (expired, made
          for another name, or from an authority this computer does not know); browsers do not tell extensions which.
          Open <code>{page}</code> in a tab: a certificate warning there means the certificate. Then ask whoever runs
          the broker.
        </>
      ) : (
        <>Nothing answers at that address on this computer: is the broker running?</>
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
        Remove this co-leader…
      </Button>
    );
  return (
    <div class="confirm" role="group" aria-label={`Remove the co-leader on device ${device}`} data-remove-confirm>
      <p>
        Remove the co-leader on device {device}? New keys are made for this group's channel without that device: it
        receives nothing you send from now on, even if someone still has it. Use this when a co-leader leaves the group
        or a device is lost or stolen. What it already received stays on it. To work together again, send a new invite.
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
            (e: unknown) => setProblem(e instanceof Error ? e.message : String(e)),
          )
        }
      >
        Remove device {device}
      </Button>{' '}
      <Button onClick={() => setAsking(false)}>Keep them</Button>
    </div>
  );
}
