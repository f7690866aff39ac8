import type { Table } from './adapters/words';
import { PLATFORM_IDS, type PlatformId } from './platforms';

/**
 * What a content script tells the background about the call in its page.
 * It crosses from the untrusted video page, so the background accepts it only
 * through validateCallReport.
 */
export interface CallReport {
  platform: PlatformId;
  /** Detection works on this page; false means the panel shows its degraded-mode line. */
  healthy: boolean;
  inCall: boolean;
  /** The local user shares their screen (where the platform lets us tell; see each adapter). */
  presenting: boolean;
  /** Display names seen, the local user left out, sorted. */
  participants: string[];
  /** A stable meeting identity (Meet 'abc-defg-hij', a room name), or ''. */
  meetingId: string;
  /**
   * What the adapter looked for and did not find on a page it should read
   * (a platform update): 'call-controls' when nothing it knows is there while
   * live video plays (then healthy is false), 'people-list' when the call is
   * read but who is in it is not. Codes only, never names.
   */
  missing: Missing[];
}

export type Missing = 'call-controls' | 'people-list';
const MISSING: ReadonlySet<string> = new Set<Missing>(['call-controls', 'people-list']);

/** The name of the content script's port to the background (calls/send.ts, ext/background/call-state.ts). */
export const CALL_PORT = 'squircle-call';

/**
 * The background's messages on the call port: whether anybody needs reports
 * now (an unlocked vault, or an extension page listening on
 * CALL_LISTEN_PORT), sent after each hello and whenever it changes; and the
 * word tables for the page's language (calls/adapters/words.ts), sent after
 * each hello that names a language needing more than English.
 */
export type CallPortReply = { listen: boolean } | { words: Table[] };

/** The port an extension page that shows call state keeps open while it does (ext/panel/call-view.ts). */
export const CALL_LISTEN_PORT = 'squircle-call-listen';

export const MAX_PARTICIPANTS = 100;
export const MAX_NAME = 80;
export const MAX_MEETING_ID = 200;

const IDS: ReadonlySet<string> = /* @__PURE__ */ new Set(PLATFORM_IDS);
// Names are cleaned in the content script; control characters mean a forged report.
const CONTROL = /[\u0000-\u001f\u007f]/;

const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max && !CONTROL.test(v);

/**
 * The report if `x` is exactly a well-formed CallReport within its limits,
 * else undefined. Returns a fresh object with only the known fields, so
 * nothing else a page smuggles in is ever stored. Never throws.
 */
export function validateCallReport(x: unknown): CallReport | undefined {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return undefined;
  const r = x as Record<string, unknown>;
  const { platform, healthy, inCall, presenting, participants, meetingId, missing } = r;
  if (typeof platform !== 'string' || !IDS.has(platform)) return undefined;
  if (typeof healthy !== 'boolean' || typeof inCall !== 'boolean' || typeof presenting !== 'boolean') return undefined;
  if (!Array.isArray(participants) || participants.length > MAX_PARTICIPANTS) return undefined;
  if (!participants.every((n) => isText(n, MAX_NAME) && n.trim() !== '')) return undefined;
  if (!isText(meetingId, MAX_MEETING_ID)) return undefined;
  if (!Array.isArray(missing) || missing.length > MISSING.size || !missing.every((m) => MISSING.has(m)))
    return undefined;
  return {
    platform: platform as PlatformId,
    healthy,
    inCall,
    presenting,
    participants: [...(participants as string[])],
    meetingId,
    missing: [...new Set(missing as Missing[])],
  };
}
