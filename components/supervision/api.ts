import type { CosignCheck, SealCheck } from '../../domain/note-signing';
import type { SharedPractice, SharedSession, ShareSummary, SupervisionComment } from '../../domain/supervision';
import type { GroupChannelInfo, NewInvite } from '../coleader/api';

/** One supervision channel as the panel shows it (ext/panel/coleader-service.ts supervisionChannels). */
export interface SupervisionChannelInfo {
  channelId: string;
  /** This device's side: the trainee invited, the supervisor joined. */
  role: 'trainee' | 'supervisor';
  state: GroupChannelInfo['status']['state'];
  others: { deviceId: string; safetyNumber: string; verified: boolean }[];
}

/** A shared note on the supervisor's side, its signatures checked. */
export interface CheckedSharedNote {
  noteId: string;
  seals: SealCheck[];
  cosigns: (CosignCheck & { mine: boolean })[];
}

/** Supervision in the Co-leaders view: pairing, and on the supervisor's side what was shared. */
export interface SupervisionApi {
  channels(): Promise<SupervisionChannelInfo[]>;
  /** On the trainee: an invite for a supervisor and the code to say to them. */
  invite(): Promise<NewInvite>;
  /** On the supervisor: join with the trainee's invite and code. */
  join(text: string, code: string): Promise<void>;
  /** On the supervisor: every session shared with it, newest first. */
  shared(): Promise<{ channelId: string; share: SharedSession; comments: SupervisionComment[] }[]>;
  /** Each shared note's signatures, checked against the keys they name. */
  check(share: SharedSession): Promise<CheckedSharedNote[]>;
  comment(channelId: string, sessionId: string, noteId: string, text: string, name: string): Promise<void>;
  cosign(channelId: string, sessionId: string, noteId: string, name: string): Promise<void>;
  /** On the supervisor: every practice debrief shared with it, newest first, apart from sessions. */
  sharedPractice(): Promise<{ channelId: string; practice: SharedPractice; comments: SupervisionComment[] }[]>;
  commentPractice(channelId: string, debriefId: string, text: string, name: string): Promise<void>;
  onChange(cb: () => void): () => void;
}

/** On the trainee's History: sharing a session, and the supervisor's comments on it. */
export interface TraineeSupervisionApi {
  /** The supervision channels this device invited, with a verified supervisor. */
  supervisors(): Promise<SupervisionChannelInfo[]>;
  /** What a share of the session holds, for the confirmation. */
  preview(sessionId: string): Promise<ShareSummary>;
  share(channelId: string, sessionId: string): Promise<void>;
  /** Comments received on the session's notes, and when it was last shared. */
  received(sessionId: string): Promise<{ comments: SupervisionComment[]; sharedAt: number | null }>;
  onChange(cb: () => void): () => void;
}

/** On the trainee's Practice view: sharing a practice debrief, and the supervisor's comments on it. */
export interface PracticeSupervisionApi {
  /** The supervision channels this device invited, with a verified supervisor. */
  supervisors(): Promise<SupervisionChannelInfo[]>;
  share(channelId: string, debriefId: string): Promise<void>;
  /** Comments received on the debrief, and when it was last shared. */
  received(debriefId: string): Promise<{ comments: SupervisionComment[]; sharedAt: number | null }>;
  onChange(cb: () => void): () => void;
}
