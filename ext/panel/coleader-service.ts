import { Applier } from '../../channel/apply';
import type { BackchannelAction } from '../../domain/modes';
import { noteTemplates, type NoteTemplate } from '../../domain/templates';
import { checkBrokerUrl } from '../../channel/broker-url';
import { COVER_INTERVAL_MS, TEST_COVER_INTERVAL_KEY } from '../../channel/cover';
import { accountFor, brokerHost, checkSavedAccount, type ClinicBrokerAccount } from '../../channel/broker-accounts';
import { ChannelEngine, type ChannelStatus } from '../../channel/engine';
import type { BrokerAccount, TransportOptions } from '../../channel/transport';
import type { ChannelEvent, PracticeEvent } from '../../channel/events';
import { joinWithInvite } from '../../channel/join';
import { rosterEvent, sessionSnapshot } from '../../channel/local-events';
import { emitToGroup } from '../../channel/outgoing';
import { isSupervision, supervisionGroupId, SupervisionApplier } from '../../channel/supervision';
import {
  channelTopicPrefix,
  JOIN_TOPICS,
  myIdentity,
  resetIdentity,
  type ChannelRecord,
  type InviteRecord,
} from '../../channel/state';
import {
  createInvite,
  newPairingCode,
  showPairingCode,
  encodeInvite,
  newChannelId,
  newChannelKey,
  publicIdentity,
  safetyNumber,
  toBase64,
} from '../../crypto';
import type { FieldCipher, PublicIdentity } from '../../crypto/types';
import { ChannelRepo } from '../../storage/channel-repo';
import type { SquircleDb } from '../../storage/db';
import { MarkersRepo } from '../../storage/markers-repo';
import { NotesRepo } from '../../storage/notes-repo';
import { GroupsRepo, MembersRepo } from '../../storage/roster-repo';
import { SessionsRepo } from '../../storage/sessions-repo';
import { activeSessionId } from '../../storage/active-session';
import type { GroupChannelInfo, NewInvite } from '../../components/coleader/api';
import type { SupervisionApi, SupervisionChannelInfo } from '../../components/supervision/api';
import { supervisionApi } from './supervision-api';
import { coLeaderPagesName, type CoLeaderPageMessage } from '../common/coleader-pages';
import { UserError, errorDetail, refusal } from '../../util/user-error';
import { translateWith } from '../../util/i18n';

/** What the service is given by the page that builds it (ext/panel/services.ts). */
export interface CoLeaderPorts {
  /** The broker new invites use (settings: brokerUrl). */
  brokerUrl: () => string;
  /** The MQTT client module, loaded on first use. */
  mqtt?: () => Promise<TransportOptions['mqtt']>;
  /** The clinic's brokers (brokerHostsAllowed; none: any), and its account for them from its policy. */
  brokerPolicy?: () => { hostsAllowed: readonly string[]; account?: ClinicBrokerAccount | undefined };
  /** The back-channel's mode rule on this device: whether a co-leader's event may do that here (default: yes). */
  may?: (groupId: string, action: BackchannelAction) => Promise<boolean>;
  /** A co-leader ended a session: what was parked here for its debrief is handed over. */
  sessionEnded?: (sessionId: string) => Promise<void>;
  /** The templates a co-leader's note field may be in (default: the built-in ones). */
  templates?: readonly NoteTemplate[];
  /** A co-leader's word about a pair rehearsal on the practice call (never stored with the group's records). */
  practice?: (groupId: string, e: PracticeEvent) => void;
  /** Where new invites meet (settings: brokerUrl), whether the clinic set it, and saving the leader's own. */
  meetingPlace?: {
    read(): Promise<{ brokerUrl: string; locked: boolean }>;
    save(url: string): Promise<void>;
  };
  /**
   * The cover traffic's interval (channel/cover.ts), when shorter than
   * COVER_INTERVAL_MS: for tests. Default: one an end-to-end test set in
   * this page's localStorage (coverIntervalForTests) before the channel
   * started, else COVER_INTERVAL_MS.
   */
  coverIntervalMs?: number;
}

/** The account change is stored; only starting its channels again failed. */
export class AccountStoredError extends UserError {
  override readonly name = 'AccountStoredError';
}

const restartFailed = (e: unknown): never => {
  throw new AccountStoredError(
    'errorText.accountRestart',
    'Stored, but the channel could not start again with it. Lock Squircle and unlock it to try again.',
    {},
    errorDetail(e),
  );
};

/** The Web Locks API where the page has it (extension pages do; Node 20 does not). */
const webLocks = (): LockManager | undefined => (typeof navigator !== 'undefined' ? navigator.locks : undefined);

const loadMqtt = async (): Promise<TransportOptions['mqtt']> =>
  (await import('mqtt')).default ?? (await import('mqtt'));

/**
 * The co-leader channels of this vault, as the panel runs them: one engine
 * per channel, started after unlock, stopped on lock. The MQTT client is
 * loaded only when a channel exists or is being made.
 */
export class CoLeaderService {
  readonly repo: ChannelRepo;
  private readonly engines = new Map<string, ChannelEngine>();
  /**
   * One engine per channel across this browser's pages (two windows with the
   * panel open): a Web Lock per channel. A page that finds it taken waits
   * for it (abortable here) and meanwhile only queues; the holder is asked
   * over a BroadcastChannel to send what was queued, or to restart after a
   * change made elsewhere (an invite, a verification, new keys).
   */
  private readonly waitingForLock = new Map<string, AbortController>();
  private readonly releaseLock = new Map<string, () => void>();
  private pages: BroadcastChannel | undefined;
  private readonly listeners = new Set<() => void>();
  /**
   * Safety numbers by the two identities. One costs 2 × 5,200 SHA-512, and
   * forGroup runs on every status change: without this, an open Co-leaders
   * view would take the page's time from sending a backlog after an outage.
   */
  private readonly safetyNumbers = new Map<string, string>();

  private readonly ports: Required<CoLeaderPorts>;
  /** Supervision over these channels (ext/panel/supervision-api.ts). */
  readonly supervision: SupervisionApi;

  constructor(
    private readonly db: SquircleDb,
    private readonly cipher: FieldCipher,
    ports: CoLeaderPorts,
  ) {
    this.repo = new ChannelRepo(db, cipher);
    this.supervision = supervisionApi(db, cipher, this);
    this.ports = {
      brokerUrl: ports.brokerUrl,
      mqtt: ports.mqtt ?? loadMqtt,
      brokerPolicy: ports.brokerPolicy ?? (() => ({ hostsAllowed: [] })),
      may: ports.may ?? (async () => true),
      sessionEnded: ports.sessionEnded ?? (async () => undefined),
      templates: ports.templates ?? noteTemplates(),
      practice: ports.practice ?? (() => undefined),
      meetingPlace: ports.meetingPlace ?? {
        read: async () => ({ brokerUrl: ports.brokerUrl(), locked: true }),
        save: async () => {
          throw new UserError('serviceErrors.meetingPlaceFixed', 'Where co-leaders meet cannot be changed here.');
        },
      },
      coverIntervalMs: shorterCoverInterval(ports.coverIntervalMs) ?? 0,
    };
  }

  /** The broker new invites name, and whether the clinic's policy sets it. */
  meetingPlace(): Promise<{ brokerUrl: string; locked: boolean }> {
    return this.ports.meetingPlace.read();
  }

  /** Saves the leader's broker for new invites; throws with a message for the user, saving nothing then. */
  async setMeetingPlace(raw: string): Promise<void> {
    if ((await this.ports.meetingPlace.read()).locked)
      throw new UserError(
        'serviceErrors.meetingPlaceClinic',
        'Your clinic sets where co-leaders meet. Nothing was saved.',
      );
    const checked = checkBrokerUrl(raw, this.ports.brokerPolicy().hostsAllowed);
    if (!checked.ok)
      throw new UserError('errorText.nothingSaved', `${checked.reason} Nothing was saved.`, {
        reason: translateWith(checked.key, checked.named ?? {}),
      });
    await this.ports.meetingPlace.save(checked.url);
  }

  /** The line to this vault's other pages, open from the first start until stopAll (browsers only). */
  private otherPages(): BroadcastChannel | undefined {
    if (!this.pages && webLocks() && typeof BroadcastChannel !== 'undefined') {
      this.pages = new BroadcastChannel(coLeaderPagesName(this.db.name));
      this.pages.onmessage = (e: MessageEvent<CoLeaderPageMessage>) => void this.fromAnotherPage(e.data);
    }
    return this.pages;
  }

  private async fromAnotherPage(m: CoLeaderPageMessage): Promise<void> {
    if (m?.kind === 'outbox') for (const engine of this.engines.values()) void engine.flush();
    if (m?.kind === 'restart') {
      const running = [...this.engines.keys()].filter((id) => !m.channelId || id === m.channelId);
      for (const id of running) {
        await this.stopChannel(id);
        await this.run(id);
      }
      this.changed();
    }
  }

  /** Tells the page running the channels (if it is another one) what changed here. */
  private tellOtherPages(m: CoLeaderPageMessage): void {
    try {
      this.otherPages()?.postMessage(m);
    } catch {
      // A closed channel (the page is going away): nothing to tell.
    }
  }

  onChange(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  async startAll(): Promise<void> {
    this.otherPages();
    for (const c of await this.repo.channels()) await this.run(c.channelId);
  }

  async stopAll(): Promise<void> {
    this.pages?.close();
    this.pages = undefined;
    for (const abort of this.waitingForLock.values()) abort.abort();
    this.waitingForLock.clear();
    await Promise.all([...this.engines.keys()].map((id) => this.stopChannel(id)));
  }

  private async stopChannel(channelId: string): Promise<void> {
    const engine = this.engines.get(channelId);
    this.engines.delete(channelId);
    await engine?.stop();
    this.releaseLock.get(channelId)?.();
    this.releaseLock.delete(channelId);
  }

  /** The sink for session changes: queue for the group's channel, then send. */
  readonly sink = async (groupId: string, events: ChannelEvent[], handedOff?: () => void): Promise<boolean> => {
    // The running engine holds the channel and identity: nothing to read before sealing.
    for (const engine of this.engines.values())
      if (engine.groupId() === groupId) return engine.share(events, handedOff);
    // No engine runs for it here: queued, and sent by the page that runs it (or once one does).
    await emitToGroup(this.repo, groupId, events);
    this.tellOtherPages({ kind: 'outbox' });
    return false;
  };

  /**
   * Makes (or reuses) the group's channel and a one-time invite for it;
   * returns the invite text and the pairing code the leader says in the call.
   */
  async invite(groupId: string): Promise<NewInvite> {
    const url = checkBrokerUrl(this.ports.brokerUrl());
    if (!url.ok) throw refusal(url);
    const me = await myIdentity(this.repo);
    let channel = await this.repo.channelForGroup(groupId);
    if (!channel) {
      channel = {
        v: 1,
        channelId: newChannelId(),
        channelKey: toBase64(newChannelKey()),
        brokerUrl: url.url,
        groupId,
        role: 'inviter',
        members: [publicIdentity(me)],
        verified: {},
        clientId: `sq-${crypto.randomUUID()}`,
      };
      await this.repo.putChannel(channel.channelId, groupId, channel);
    }
    return this.inviteTo(channel);
  }

  /** A one-time invite to `channel`, listened for by its engine (started here if it is not running). */
  private async inviteTo(channel: ChannelRecord): Promise<NewInvite> {
    const me = await myIdentity(this.repo);
    const refused = checkBrokerUrl(channel.brokerUrl, this.ports.brokerPolicy().hostsAllowed);
    if (!refused.ok) throw refusal(refused);
    // A removed device holds none of the channel's epoch keys: whoever it invited would join nothing.
    if (channel.removedAt)
      throw new UserError(
        'errorText.removedCannotInvite',
        'This device was removed from the channel of this group, so it cannot invite anyone to it.',
      );
    const invite = createInvite({
      inviter: me,
      brokerUrl: channel.brokerUrl,
      channelId: channel.channelId,
      now: Date.now(),
    });
    const rec: InviteRecord = {
      v: 1,
      inviteId: invite.inviteId,
      channelId: channel.channelId,
      text: encodeInvite(invite),
      code: newPairingCode(),
      tries: 0,
      expiresAt: invite.expiresAt,
      used: false,
    };
    await this.repo.putInvite(rec.inviteId, rec);
    const engine = this.engines.get(channel.channelId);
    if (engine) await engine.listenForJoin(rec);
    else await this.run(channel.channelId);
    // Run in another page: it listens for this invite's join once restarted.
    if (!this.engines.has(channel.channelId)) this.tellOtherPages({ kind: 'restart', channelId: channel.channelId });
    return { text: rec.text, code: showPairingCode(rec.code!) };
  }

  /**
   * The trainee's supervision channel (made on first use: a channel of its
   * own, bound to no group, channel/supervision.ts) and a one-time invite
   * for the supervisor, paired by the same spoken code.
   */
  async inviteSupervisor(): Promise<NewInvite> {
    const url = checkBrokerUrl(this.ports.brokerUrl());
    if (!url.ok) throw refusal(url);
    const me = await myIdentity(this.repo);
    let channel = (await this.repo.channels()).find((c) => isSupervision(c.groupId) && c.role === 'inviter');
    if (!channel) {
      const channelId = newChannelId();
      channel = {
        v: 1,
        channelId,
        channelKey: toBase64(newChannelKey()),
        brokerUrl: url.url,
        groupId: supervisionGroupId(channelId),
        role: 'inviter',
        members: [publicIdentity(me)],
        verified: {},
        clientId: `sq-${crypto.randomUUID()}`,
      };
      await this.repo.putChannel(channel.channelId, channel.groupId, channel);
    }
    return this.inviteTo(channel);
  }

  /**
   * Joins a trainee's supervision channel with their invite and the code
   * they say; the channel is bound to its own supervision id at once, so it
   * never takes a group. Throws like join(), storing nothing then.
   */
  async joinAsSupervisor(text: string, code: string): Promise<void> {
    const record = await joinWithInvite(this.repo, text, code, await this.ports.mqtt(), {
      account: (url) => this.account(url),
      hostsAllowed: this.ports.brokerPolicy().hostsAllowed,
    });
    const groupId = supervisionGroupId(record.channelId);
    await this.repo.putChannel(record.channelId, groupId, { ...record, groupId });
    await this.run(record.channelId);
  }

  /** The supervision channels of this vault: this device's role in each, the other side, verified or not. */
  async supervisionChannels(): Promise<SupervisionChannelInfo[]> {
    const me = publicIdentity(await myIdentity(this.repo));
    const out: SupervisionChannelInfo[] = [];
    for (const c of await this.repo.channels()) {
      if (!isSupervision(c.groupId)) continue;
      let state: ChannelStatus['state'] = this.waitingForLock.has(c.channelId) ? 'elsewhere' : 'stopped';
      this.engines.get(c.channelId)?.onStatus((s) => (state = s.state))();
      out.push({
        channelId: c.channelId,
        role: c.role === 'inviter' ? 'trainee' : 'supervisor',
        state,
        others: c.members
          .filter((m) => m.deviceId !== me.deviceId)
          .map((m) => ({
            deviceId: m.deviceId,
            safetyNumber: this.safetyNumber(me, m),
            verified: c.verified[m.deviceId] === m.signPk,
          })),
      });
    }
    return out;
  }

  /** Throws InviteError or JoinError with a message for the panel; stores nothing then. */
  async join(text: string, code: string): Promise<void> {
    const record = await joinWithInvite(this.repo, text, code, await this.ports.mqtt(), {
      account: (url) => this.account(url),
      hostsAllowed: this.ports.brokerPolicy().hostsAllowed,
    });
    await this.run(record.channelId);
  }

  /** What signs this device in to a broker: the clinic's account for its hosts, else one saved here. */
  private async account(url: string): Promise<BrokerAccount | undefined> {
    return accountFor(url, this.ports.brokerPolicy().account, await this.repo.brokerAccounts());
  }

  /** The broker accounts saved on this device (never their passwords), and the hosts the clinic's account covers. */
  async brokerAccounts(): Promise<{ saved: { host: string; username: string }[]; clinicHosts: string[] }> {
    const saved = await this.repo.brokerAccounts();
    return {
      saved: saved.map(({ host, username }) => ({ host, username })).sort((a, b) => a.host.localeCompare(b.host)),
      clinicHosts: this.ports.brokerPolicy().account?.hosts ?? [],
    };
  }

  /** Saves (sealed in the vault) this device's account for a broker host; throws with a message for the panel. */
  async saveBrokerAccount(host: string, username: string, password: string): Promise<void> {
    const checked = checkSavedAccount(host, username, password);
    if (!checked.ok) throw new UserError(checked.key, checked.reason);
    if (this.ports.brokerPolicy().account?.hosts.includes(checked.account.host.split(':')[0]!))
      throw new UserError('serviceErrors.brokerAccountClinic', 'Your clinic sets the account for that broker.');
    await this.repo.putBrokerAccount(checked.account);
    await this.restartOn(checked.account.host).catch(restartFailed);
  }

  async forgetBrokerAccount(host: string): Promise<void> {
    await this.repo.forgetBrokerAccount(host);
    await this.restartOn(host).catch(restartFailed);
  }

  /** Channels on that broker sign in again with what is saved now, here or in the page that runs them. */
  private async restartOn(host: string): Promise<void> {
    for (const c of await this.repo.channels()) {
      if (brokerHost(c.brokerUrl) !== host) continue;
      if (this.engines.has(c.channelId)) {
        await this.stopChannel(c.channelId);
        await this.run(c.channelId);
      } else this.tellOtherPages({ kind: 'restart', channelId: c.channelId });
    }
    this.changed();
  }

  async forGroup(groupId: string): Promise<GroupChannelInfo | undefined> {
    const c = await this.repo.channelForGroup(groupId);
    if (!c) return undefined;
    const me = publicIdentity(await myIdentity(this.repo));
    const others = c.members.filter((m) => m.deviceId !== me.deviceId);
    let status: ChannelStatus = {
      state: this.waitingForLock.has(c.channelId) ? 'elsewhere' : 'stopped',
      waiting: 0,
      presence: {},
    };
    this.engines.get(c.channelId)?.onStatus((s) => (status = s))();
    return {
      channelId: c.channelId,
      brokerHost: brokerHost(c.brokerUrl),
      brokerUrl: c.brokerUrl,
      topicPrefix: channelTopicPrefix(c),
      joinTopicPrefix: JOIN_TOPICS.slice(0, -1),
      me: me.deviceId,
      status: { ...status, waiting: await this.repo.outboxSize(c.channelId) },
      coLeaders: others.map((m) => ({
        deviceId: m.deviceId,
        safetyNumber: this.safetyNumber(me, m),
        verified: c.verified[m.deviceId] === m.signPk,
        invitedMe: c.role === 'joiner' && c.inviterId === m.deviceId,
      })),
      canRemove: c.role === 'inviter' && !c.removedAt,
      removedHere: !!c.removedAt,
      notAllowed: this.notAllowed(c),
      blocked: c.blocked && { deviceId: c.blocked.deviceId, safetyNumber: this.safetyNumber(me, c.blocked.announced) },
      diagnostics: (await this.repo.diagnostics(c.channelId)).map((d) => ({
        reason: d.id.slice(c.channelId.length + 1),
        count: d.count,
      })),
    };
  }

  /** The leaders compared the safety number aloud; a changed key is pinned only now. */
  async verify(groupId: string, deviceId: string): Promise<void> {
    const c = await this.repo.channelForGroup(groupId);
    if (!c) return;
    let members: PublicIdentity[] = c.members;
    let blocked = c.blocked;
    const unblocking = blocked?.deviceId === deviceId;
    if (blocked?.deviceId === deviceId) {
      const announced = blocked.announced;
      members = members.map((m) => (m.deviceId === deviceId ? announced : m));
      blocked = undefined;
    }
    const key = members.find((m) => m.deviceId === deviceId)?.signPk;
    const next: ChannelRecord = { ...c, members, verified: { ...c.verified, ...(key ? { [deviceId]: key } : {}) } };
    if (blocked) next.blocked = blocked;
    else delete next.blocked;
    await this.repo.putChannel(c.channelId, c.groupId, next);
    await this.engines.get(c.channelId)?.reload();
    // What either side made while the channel was stopped was refused or never queued:
    // exchange the open sessions again.
    if (unblocking && !next.blocked) {
      // New keys for a member: a new epoch, sealed to them.
      await this.engines.get(c.channelId)?.newEpoch();
      await this.engines.get(c.channelId)?.resync();
    }
    // Run in another page: it starts again from the record (a restart also resyncs).
    if (!this.engines.has(c.channelId)) this.tellOtherPages({ kind: 'restart', channelId: c.channelId });
    this.changed();
  }

  /** The inviter removes a co-leader or a lost device: the channel's next epoch leaves it out. */
  async remove(groupId: string, deviceId: string): Promise<void> {
    const c = await this.repo.channelForGroup(groupId);
    if (!c || c.role !== 'inviter')
      throw new UserError(
        'errorText.onlyInviterRemoves',
        'Only the co-leader who sent the invites can remove someone.',
      );
    const engine = this.engines.get(c.channelId);
    if (!engine)
      throw new UserError(
        'errorText.removeInOtherPage',
        'This channel runs in another Squircle page or window: remove the co-leader there.',
      );
    if (!(await engine.remove(deviceId)))
      throw new UserError('errorText.notACoLeader', 'That device is not a co-leader in this channel.');
    this.changed();
  }

  /** New keys for this device; co-leaders are asked to verify again. */
  async resetKeys(): Promise<void> {
    // Stop first: a stopping engine still says 'away', and sealed with the
    // new keys before its hello announced them, co-leaders would count it
    // as a bad signature.
    await this.stopAll();
    const { identity, endorsement } = await resetIdentity(this.repo);
    const me = publicIdentity(identity);
    for (const c of await this.repo.channels()) {
      await this.repo.putChannel(c.channelId, c.groupId, {
        ...c,
        members: c.members.map((m) => (m.deviceId === me.deviceId ? me : m)),
        endorsement,
      });
    }
    // A page running a channel holds the old keys in memory.
    this.tellOtherPages({ kind: 'restart' });
    await this.startAll();
  }

  private safetyNumber(me: PublicIdentity, other: PublicIdentity): string {
    const key = [me, other].map((p) => `${p.deviceId}:${p.signPk}:${p.boxPk}`).join('|');
    let n = this.safetyNumbers.get(key);
    if (n === undefined) this.safetyNumbers.set(key, (n = safetyNumber(me, other)));
    return n;
  }

  /**
   * Starts the channel's engine here, unless it runs already (here, or in
   * another page: then this page waits its turn).
   */
  private async run(channelId: string): Promise<void> {
    if (this.engines.has(channelId) || this.waitingForLock.has(channelId)) return;
    const locks = webLocks();
    if (!locks) return this.startEngine(channelId);
    this.otherPages();
    const name = `squircle-channel:${this.db.name}:${channelId}`;
    /** Holds the lock while this page runs the engine; a failed start, or a stop meanwhile, lets go at once. */
    const hold = async (started: () => void) => {
      await this.startEngine(channelId);
      if (!this.engines.has(channelId)) return;
      started();
      await new Promise<void>((release) => this.releaseLock.set(channelId, release));
    };
    const got = await new Promise<boolean>((resolve, reject) => {
      locks
        .request(name, { ifAvailable: true }, async (lock) => {
          if (!lock) return resolve(false);
          // A start that throws reaches run()'s caller, as without locks.
          await hold(() => resolve(true)).then(() => resolve(true), reject);
        })
        .catch(reject);
    });
    if (got) return;
    // Another page runs it: take over when that page closes or locks.
    const abort = new AbortController();
    this.waitingForLock.set(channelId, abort);
    locks
      .request(name, { signal: abort.signal }, async () => {
        if (this.waitingForLock.get(channelId) !== abort) return;
        this.waitingForLock.delete(channelId);
        await hold(() => this.changed()).catch((e: unknown) =>
          console.warn('The co-leader channel could not start', e instanceof Error ? e.name : ''),
        );
        this.changed();
      })
      .catch(() => undefined);
    this.changed();
  }

  /** Why the clinic's policy keeps this channel's broker out (brokerHostsAllowed), if it does, in the user's words. */
  private notAllowed(c: ChannelRecord): string | undefined {
    const checked = checkBrokerUrl(c.brokerUrl, this.ports.brokerPolicy().hostsAllowed);
    return checked.ok ? undefined : translateWith(checked.key, checked.named ?? {});
  }

  private async startEngine(channelId: string): Promise<void> {
    const record = await this.repo.channel(channelId);
    // Paired before the clinic listed its brokers: it stays stopped, and the Co-leaders view says why.
    if (record && this.notAllowed(record)) return;
    const engine = new ChannelEngine(channelId, {
      repo: this.repo,
      applier: (groupId) =>
        new Applier(
          this.db,
          this.cipher,
          groupId,
          (action) => this.ports.may(groupId, action),
          (reason) => this.repo.reject(channelId, reason),
          this.ports.templates,
          (g, e) => this.ports.practice(g, e),
          isSupervision(groupId) && record
            ? new SupervisionApplier(
                this.db,
                this.cipher,
                channelId,
                record.role === 'inviter' ? 'trainee' : 'supervisor',
                async () => toBase64((await myIdentity(this.repo)).signing.publicKey),
                (reason) => this.repo.reject(channelId, reason),
              )
            : undefined,
        ),
      sessionEnded: (id) => this.ports.sessionEnded(id),
      snapshot: (id) => this.snapshot(id),
      roster: (groupId) => this.roster(groupId),
      openSessions: (groupId) => this.openSessions(groupId),
      account: (url) => this.account(url),
      mqtt: await this.ports.mqtt(),
      // Read as each channel starts: a test sets it after the panel opened.
      coverIntervalMs: this.ports.coverIntervalMs || coverIntervalForTests() || COVER_INTERVAL_MS,
    });
    this.engines.set(channelId, engine);
    engine.onStatus(() => this.changed());
    await engine.start();
  }

  private async snapshot(sessionId: string): Promise<ChannelEvent[]> {
    const s = await new SessionsRepo(this.db, this.cipher).get(sessionId);
    if (!s || s.ownerKind !== 'group') return [];
    const markers = await new MarkersRepo(this.db, this.cipher).listBySession(sessionId, { includeDeleted: true });
    const notes = await new NotesRepo(this.db, this.cipher).listBySession(sessionId);
    return sessionSnapshot(s, markers, notes);
  }

  private async roster(groupId: string): Promise<ChannelEvent | undefined> {
    const g = await new GroupsRepo(this.db, this.cipher).get(groupId);
    if (!g) return undefined;
    const members = new MembersRepo(this.db, this.cipher);
    return rosterEvent(
      g,
      [...(await members.listByGroup(groupId, 'active')), ...(await members.listByGroup(groupId, 'archived'))],
      new Date().toISOString(),
    );
  }

  private async openSessions(groupId: string): Promise<string[]> {
    const active = await activeSessionId(this.db);
    const s = active ? await new SessionsRepo(this.db, this.cipher).get(active) : undefined;
    return s && s.ownerKind === 'group' && s.ownerId === groupId ? [s.id] : [];
  }

  private changed(): void {
    for (const cb of this.listeners) cb();
  }
}

/**
 * A cover interval set in this page's localStorage by an end-to-end test, so
 * that counting envelopes per interval does not take minutes. Taken only when
 * shorter than COVER_INTERVAL_MS (and not below 200 ms): it can only add
 * cover traffic, never thin it out.
 */
function coverIntervalForTests(): number | undefined {
  return shorterCoverInterval(Number(globalThis.localStorage?.getItem(TEST_COVER_INTERVAL_KEY) ?? NaN));
}

const shorterCoverInterval = (ms: number | undefined): number | undefined =>
  ms !== undefined && ms >= 200 && ms < COVER_INTERVAL_MS ? ms : undefined;
