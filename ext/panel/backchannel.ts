import type { ChannelEvent } from '../../channel/events';
import type { FieldCipher } from '../../crypto/types';
import {
  allowed,
  DEFAULT_MODE,
  MODE_LABELS,
  effectiveMode,
  modesAllowedBy,
  isSignalCategory,
  signalCategory,
  type BackchannelAction,
  type BackchannelMode,
  type SignalKind,
} from '../../domain/modes';
import type { BackchannelMessage, Id, Session } from '../../domain/types';
import type { Settings } from '../../policy/settings';
import type { SquircleDb } from '../../storage/db';
import { MessagesRepo } from '../../storage/messages-repo';
import { GroupsRepo } from '../../storage/roster-repo';
import type { SessionActions, Sink } from '../common/session-actions';
import { UserError } from '../../util/user-error';

/** The group's mode does not allow an action; shown with the mode's name in the user's language. */
export class ModeError extends UserError {
  override readonly name = 'ModeError';
  constructor(action: BackchannelAction, mode: BackchannelMode) {
    super(
      'errorText.mode',
      `This group’s back-channel is set to “${mode}”, which does not allow that. ` +
        `Say it aloud, or keep it for the debrief.`,
      { mode: MODE_LABELS[mode] },
      action,
    );
  }
}

export interface Debrief {
  signals: number;
  saidAloud: number;
  parked: BackchannelMessage[];
  sent: BackchannelMessage[];
  /** One calm line, e.g. "4 thoughts said aloud, 2 parked, 1 sent privately". */
  reflection: string;
}

/**
 * The spoken-first back-channel. Every action asks the mode rule first, on
 * this device's settings (the group's mode, the clinic's floor, send-now and
 * parking switches); the co-leader's device asks again when it arrives.
 */
export class Backchannel {
  private readonly messages: MessagesRepo;
  private readonly groups: GroupsRepo;

  constructor(
    private readonly db: SquircleDb,
    cipher: FieldCipher,
    private readonly actions: SessionActions,
    private readonly settings: () => Settings,
    private readonly sink: Sink,
  ) {
    this.messages = new MessagesRepo(db, cipher);
    this.groups = new GroupsRepo(db, cipher);
  }

  async mode(groupId: Id): Promise<BackchannelMode> {
    const g = await this.groups.get(groupId);
    const s = this.settings();
    return effectiveMode(g?.backchannelMode ?? s.defaultBackchannelMode ?? DEFAULT_MODE, s.backchannelModeFloor);
  }

  /** The modes this leader may choose under the clinic's floor. */
  choices(): BackchannelMode[] {
    return modesAllowedBy(this.settings().backchannelModeFloor);
  }

  /** Throws ModeError when the floor does not allow that mode. */
  async setMode(groupId: Id, mode: BackchannelMode): Promise<void> {
    if (!this.choices().includes(mode)) throw new ModeError('compose', mode);
    await this.groups.update(groupId, { backchannelMode: mode });
  }

  async may(groupId: Id, action: BackchannelAction): Promise<boolean> {
    const s = this.settings();
    if (action === 'send-now' && !s.allowSendNow) return false;
    if (action === 'park' && !s.parkForDebrief) return false;
    return allowed(await this.mode(groupId), action);
  }

  private async require(session: Session, action: BackchannelAction): Promise<void> {
    if (session.ownerKind !== 'group' || !(await this.may(session.ownerId, action)))
      throw new ModeError(action, session.ownerKind === 'group' ? await this.mode(session.ownerId) : 'off');
  }

  async signal(session: Session, kind: SignalKind, memberId: Id | null = null): Promise<void> {
    await this.require(session, 'signal');
    await this.actions.mark(session, { category: signalCategory(kind), memberId });
  }

  /** Nothing is sent: the exchange is said in front of the group and only its moment is recorded. */
  async sayAloud(session: Session): Promise<void> {
    await this.require(session, 'say-aloud');
    await this.actions.mark(session, { category: 'coleader.aloud' });
  }

  /** Kept here until the session ends, then handed to the co-leader. */
  async park(session: Session, text: string): Promise<void> {
    await this.require(session, 'park');
    await this.messages.put(this.message(session, 'parked', text));
  }

  async sendNow(session: Session, text: string): Promise<void> {
    await this.require(session, 'send-now');
    const m = await this.messages.put({ ...this.message(session, 'sent', text), deliveredAt: Date.now() });
    await this.sink(session.ownerId, [this.event(m)]);
  }

  /** At the session's end: every parked thought goes to the co-leader once. */
  async deliverParked(sessionId: Id): Promise<void> {
    const s = await this.actions.sessions.get(sessionId);
    if (!s || s.ownerKind !== 'group') return;
    const waiting = (await this.messages.listBySession(sessionId)).filter(
      (m) => m.kind === 'parked' && m.direction === 'out' && m.deliveredAt === null,
    );
    if (!waiting.length) return;
    await this.sink(
      s.ownerId,
      waiting.map((m) => this.event(m)),
    );
    for (const m of waiting) await this.messages.put({ ...m, deliveredAt: Date.now(), updatedAt: Date.now() });
  }

  messagesOf(sessionId: Id): Promise<BackchannelMessage[]> {
    return this.messages.listBySession(sessionId);
  }

  async debrief(sessionId: Id): Promise<Debrief> {
    const markers = await this.actions.markers.listBySession(sessionId);
    const messages = await this.messages.listBySession(sessionId);
    const signals = markers.filter((m) => isSignalCategory(m.category)).length;
    const saidAloud = markers.filter((m) => m.category === 'coleader.aloud').length;
    const parked = messages.filter((m) => m.kind === 'parked');
    const sent = messages.filter((m) => m.kind === 'sent');
    const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
    const reflection =
      `${n(saidAloud, 'thought', 'thoughts')} said aloud, ${parked.length} parked, ` +
      `${sent.length} sent privately, ${n(signals, 'signal', 'signals')}.`;
    return { signals, saidAloud, parked, sent, reflection };
  }

  private message(session: Session, kind: 'sent' | 'parked', text: string): BackchannelMessage {
    const now = Date.now();
    return {
      id: crypto.randomUUID(),
      sessionId: session.id,
      kind,
      direction: 'out',
      text: text.trim().slice(0, 4000),
      author: this.actions.author,
      createdAt: now,
      deliveredAt: null,
      updatedAt: now,
    };
  }

  private event(m: BackchannelMessage): ChannelEvent {
    return {
      t: 'message',
      id: m.id,
      sessionId: m.sessionId,
      kind: m.kind,
      text: m.text,
      author: m.author,
      createdAt: m.createdAt,
    };
  }
}
