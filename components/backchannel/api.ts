import type { BackchannelAction, BackchannelMode, SignalKind } from '../../domain/modes';
import type { BackchannelMessage, Session } from '../../domain/types';
import type { Live } from '../useLive';
import type { Prompt } from '../../domain/prompts';

export interface DebriefInfo {
  signals: number;
  saidAloud: number;
  parked: BackchannelMessage[];
  sent: BackchannelMessage[];
  reflection: string;
}

/** What the back-channel screens need, passed in. Every action may throw a ModeError with a calm message. */
export interface BackchannelApi {
  mode(groupId: string): Promise<BackchannelMode>;
  choices(): BackchannelMode[];
  setMode(groupId: string, mode: BackchannelMode): Promise<void>;
  may(groupId: string, action: BackchannelAction): Promise<boolean>;
  signal(session: Session, kind: SignalKind, memberId?: string | null): Promise<void>;
  sayAloud(session: Session): Promise<void>;
  park(session: Session, text: string): Promise<void>;
  sendNow(session: Session, text: string): Promise<void>;
  /** Live: parked thoughts from the co-leader arrive after the session ends. */
  debrief(sessionId: string): Live<DebriefInfo>;
  /**
   * Live: why a signal or "Send now" would reach no co-leader now (no one
   * paired, not connected), or null when one would.
   */
  reach(groupId: string): Live<string | null>;
  /** This session's messages, live: what the co-leader sent arrives here. */
  messages(sessionId: string): Live<BackchannelMessage[]>;
  /** Built-in, the clinic's and this leader's own prompts. */
  prompts(): Promise<Prompt[]>;
  addPrompt(theme: string, text: string): Promise<void>;
  /** This device's author id, to tell own markers from the co-leader's. */
  me: string;
  presenceAidSeconds: number | null;
  signalSound: boolean;
}
