import type { Live } from '../useLive';

/** Whether the first-run guide shows, and the sample group it made. */
export interface FirstRunState {
  show: boolean;
  /** The fictional group the guide added, while it exists. */
  sampleGroupId?: string;
}

export interface FirstRunApi {
  state(): Live<FirstRunState>;
  /** Adds the fictional sample group and its members; returns the group's id. */
  addSample(): Promise<string>;
  /** Deletes the sample group, its members and its sessions with their markers and notes. */
  removeSample(): Promise<void>;
  openPracticeCall(): void;
  openHelp(): void;
  /** Hides the guide (skipped or finished); Help shows it again. */
  close(): Promise<void>;
}
