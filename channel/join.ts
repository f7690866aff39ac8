import {
  PairingError,
  decodeInvite,
  joinMessageKind,
  joinTopic,
  openJoinAccept,
  openJoinChallenge,
  readPairingCode,
  startPairing,
} from '../crypto';
import type { ChannelRepo } from '../storage/channel-repo';
import { checkBrokerUrl } from './broker-url';
import { JOIN_TOPICS, joinTopicName, myIdentity, encodeKey, type ChannelRecord } from './state';
import { brokerHost } from './broker-accounts';
import { openTransport, type BrokerAccount, type TransportOptions } from './transport';
import { UserError, errorDetail } from '../util/user-error';

/** Joining failed: its English message for logs, its key for the panel (util/user-error.ts). */
export class JoinError extends UserError {
  override readonly name = 'JoinError';
}

const WAIT_MS = 60_000;
const RETRY_MS = 3_000;

export interface JoinOptions {
  now?: number;
  /** This device's account for the invite's broker, if it has one (channel/broker-accounts.ts). */
  account?: (url: string) => Promise<BrokerAccount | undefined>;
  /** The clinic's brokerHostsAllowed: an invite naming another broker is refused. */
  hostsAllowed?: readonly string[];
}

/**
 * The joiner's side of an invite and the code said in the call: send our
 * keys and CPace share on the invite's join topic, check the inviter's proof
 * of the code, prove ours, then take the inviter's signed answer with the
 * channel key and members and keep the channel (sealed), the inviter
 * counted as verified. Throws InviteError for a bad invite text and
 * JoinError when the code is not six digits or does not match, the invite
 * was used here already, the broker address is not allowed, or no answer
 * came; stores nothing in those cases.
 */
export async function joinWithInvite(
  repo: ChannelRepo,
  text: string,
  code: string,
  mqtt: TransportOptions['mqtt'],
  o: JoinOptions = {},
): Promise<ChannelRecord> {
  const invite = decodeInvite(text.trim(), o.now ?? Date.now());
  if (!readPairingCode(code))
    throw new JoinError('errorText.joinCode', 'Type the six-digit code your co-leader reads out in the call.');
  if (await repo.channel(invite.channelId))
    throw new JoinError('errorText.joinAlreadyIn', 'This device is already in that channel.');
  const url = checkBrokerUrl(invite.brokerUrl, o.hostsAllowed);
  if (!url.ok) throw new JoinError(url.key, url.reason, url.named);
  const me = await myIdentity(repo);
  const signIn = await o.account?.(url.url);
  const topic = joinTopicName(joinTopic(invite));
  const pairing = startPairing(invite, me, code);
  /** The request until the inviter's challenge came, then the confirm. */
  let outgoing = pairing.request;
  let pairingKey: Uint8Array | undefined;
  const clientId = `sq-${crypto.randomUUID()}`;
  const joined = await new Promise<ReturnType<typeof openJoinAccept>>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        finish(
          new JoinError(
            'errorText.joinNoAnswer',
            'The inviting co-leader did not answer. Ask them to keep Squircle open, then try again.',
          ),
        ),
      WAIT_MS,
    );
    // Ask again until answered: the inviter's panel shows an invite before
    // its new channel has connected and subscribed to the join topic, and
    // the broker keeps nothing for a topic no one has subscribed to, so a
    // quick first request could be dropped and the join fail after a minute.
    // The inviter answers once; an invite it has used ignores later requests.
    const again = setInterval(() => {
      if (connected) send();
    }, RETRY_MS);
    let connected = false;
    let done = false;
    const finish = (r: Error | ReturnType<typeof openJoinAccept>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(again);
      void t.close();
      if (r instanceof Error) reject(r);
      else resolve(r);
    };
    const send = () =>
      void t
        .publish(topic, outgoing)
        .catch((e: unknown) =>
          finish(new JoinError('errorText.joinNotSent', 'The request to join could not be sent.', {}, errorDetail(e))),
        );
    const t = openTransport({
      url: url.url,
      clientId,
      topics: [topic],
      ...(signIn ? { account: signIn } : {}),
      mqtt,
      onMessage: (_topic, payload) => {
        const kind = joinMessageKind(payload);
        try {
          if (kind === 'challenge' && !pairingKey) {
            const answered = openJoinChallenge(invite, me, pairing, payload);
            pairingKey = answered.pairingKey;
            outgoing = answered.confirm;
            send();
          } else if (kind === 'accept' && pairingKey) finish(openJoinAccept(invite, me, payload, pairingKey));
        } catch (e) {
          if (e instanceof PairingError && e.problem === 'wrong-code') finish(new JoinError(e.messageKey, e.message));
          // Otherwise our own messages echoed back, another joiner's, or noise: keep waiting.
        }
      },
      onState: (s) => {
        connected = s === 'connected';
        if (connected) send();
        if (s === 'forbidden') {
          const topics = JOIN_TOPICS.slice(0, -1);
          const host = brokerHost(url.url);
          finish(
            new JoinError(
              'errorText.joinForbidden',
              `The broker ${host} signs this device in, but its account may not use join ` +
                `requests (topics under ${topics}). ` +
                `Ask whoever runs the broker to allow them, then join again.`,
              { host, topics },
            ),
          );
        }
        if (s === 'unreachable') {
          const host = brokerHost(url.url);
          const tls = url.url.startsWith('wss:') || url.url.startsWith('mqtts:');
          const page = `https://${new URL(url.url).host}/`;
          finish(
            tls
              ? new JoinError(
                  'errorText.joinUnreachableTls',
                  `Squircle cannot reach the broker ${host} named in the invite. ` +
                    `Either nothing answers at that address, or this browser does not trust its certificate ` +
                    `(expired, made for another name, or from an authority this computer does not know). ` +
                    `Open ${page} in a tab: a certificate warning there means the certificate. ` +
                    `Ask whoever runs the broker, then join again.`,
                  { host, page },
                )
              : new JoinError(
                  'errorText.joinUnreachable',
                  `Squircle cannot reach the broker ${host} named in the invite. ` +
                    `Nothing answers at that address on this computer: start the broker, then join again.`,
                  { host },
                ),
          );
        }
        if (s === 'refused') {
          const host = brokerHost(url.url);
          finish(
            signIn
              ? new JoinError(
                  'errorText.joinRefused',
                  `The broker ${host} turned down this device's sign-in. ` +
                    `Check the account saved for it under Clinic server account, or ask your clinic's IT.`,
                  { host },
                )
              : new JoinError(
                  'errorText.joinNeedsAccount',
                  `The broker ${host} asks for an account. ` +
                    `Save this device's account for it under Clinic server account (your clinic's IT gives it), ` +
                    `then join again.`,
                  { host },
                ),
          );
        }
      },
    });
  });
  const record: ChannelRecord = {
    v: 1,
    channelId: joined.channelId,
    channelKey: encodeKey(joined.channelKey),
    brokerUrl: url.url,
    groupId: '',
    role: 'joiner',
    inviterId: invite.inviter.deviceId,
    members: [...joined.members],
    // The inviter proved the code said in the call.
    verified: { [invite.inviter.deviceId]: invite.inviter.signPk },
    clientId: `sq-${crypto.randomUUID()}`,
  };
  await repo.putChannel(record.channelId, '', record);
  return record;
}
