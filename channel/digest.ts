import type { ChannelEvent, HaveEvent } from './events';
import { MAX_DIGEST_ITEMS, RANGES } from './events';

/**
 * What one side holds of a session, as items: a key per replicated thing
 * (the session itself, each marker, each attendance mark, each note field)
 * and the version (HLC) it holds. Two sides that hold the same items hold
 * the same session. Built from the session's snapshot, which carries every
 * item with its version; events without a version (a never-synced edit)
 * are not items, as the snapshot leaves them out too.
 */
export type Items = Map<string, { version: string; event: ChannelEvent }>;

export function itemKey(e: ChannelEvent): string | undefined {
  switch (e.t) {
    case 'session':
      return 's';
    case 'marker':
      return `m:${e.id}`;
    case 'attendance':
      return `a:${e.memberId}`;
    case 'note-field':
      // One item per head: a field written by two leaders at once has two (domain/merge.ts).
      return `n:${e.template}:${e.field}:${e.version.hlc}`;
    default:
      return undefined;
  }
}

function itemVersion(e: ChannelEvent): string | undefined {
  switch (e.t) {
    case 'session':
    case 'marker':
    case 'attendance':
      return e.hlc;
    case 'note-field':
      return e.version.hlc;
    default:
      return undefined;
  }
}

export function itemsOf(snapshot: ChannelEvent[]): Items {
  const out: Items = new Map();
  for (const e of snapshot) {
    const key = itemKey(e);
    const version = itemVersion(e);
    if (key !== undefined && version) out.set(key, { version, event: e });
  }
  return out;
}

const enc = new TextEncoder();

async function sha256Hex(text: string, chars: number): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(text)));
  let out = '';
  for (const b of d) out += b.toString(16).padStart(2, '0');
  return out.slice(0, chars);
}

/**
 * 128 bits of SHA-256 over the sorted "key, version" lines. Not a secret
 * and not a signature (the envelope already authenticates the sender); it
 * only has to differ when the items differ.
 */
export function digestHash(items: Items): Promise<string> {
  const lines = [...items].map(([k, v]) => `${k}\t${v.version}`).sort();
  return sha256Hex(`squircle/digest/v1\n${lines.join('\n')}`, 32);
}

/**
 * The range (0..RANGES-1) an item key falls into: FNV-1a over its UTF-16
 * code units. Both sides must agree, nothing more: it is no secret, and an
 * item in a crowded range only makes that range's answer longer.
 */
export function rangeOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % RANGES;
}

/** The items of each range, by range. */
export function byRange(items: Items): Items[] {
  const out: Items[] = Array.from({ length: RANGES }, () => new Map());
  for (const [k, v] of items) out[rangeOf(k)]!.set(k, v);
  return out;
}

/** 64 bits of SHA-256 per range, over that range's sorted "key, version" lines (as digestHash over the whole). */
export function rangeHashes(items: Items): Promise<string[]> {
  return Promise.all(
    byRange(items).map((range) => {
      const lines = [...range].map(([k, v]) => `${k}\t${v.version}`).sort();
      return sha256Hex(`squircle/range/v1\n${lines.join('\n')}`, 16);
    }),
  );
}

/** Only the items in these ranges. */
export function inRanges(items: Items, ranges: Iterable<number>): Items {
  const wanted = new Set(ranges);
  const out: Items = new Map();
  for (const [k, v] of items) if (wanted.has(rangeOf(k))) out.set(k, v);
  return out;
}

/** A 48-bit tag of one version: enough to tell two versions of one item apart. */
export const versionTag = (version: string): Promise<string> => sha256Hex(`squircle/version/v1\n${version}`, 12);

/** The member list as a digest carries it: pinned device ids and keys, order-free. */
export function membersHash(members: { deviceId: string; signPk: string; boxPk: string }[]): Promise<string> {
  const lines = members.map((m) => `${m.deviceId}:${m.signPk}:${m.boxPk}`).sort();
  return sha256Hex(`squircle/members/v1\n${lines.join('\n')}`, 32);
}

/** Our answer to a differing digest: every key we hold with its tag, or undefined when too many for one event. */
export async function haveList(items: Items): Promise<HaveEvent['items'] | undefined> {
  if (items.size > MAX_DIGEST_ITEMS) return undefined;
  const keys = [...items.keys()].sort();
  const tags = await Promise.all(keys.map((k) => versionTag(items.get(k)!.version)));
  return keys.map((k, i) => [k, tags[i]!]);
}

/**
 * Given a co-leader's have list: the events of ours they lack or hold in
 * another version (`send`), and the keys they hold that we lack or hold in
 * another version (`want`). Where versions differ both go: each side then
 * keeps the newer by its own merge rules.
 */
export async function compareHave(
  mine: Items,
  theirs: HaveEvent['items'],
): Promise<{ send: ChannelEvent[]; want: string[] }> {
  const their = new Map(theirs);
  const send: ChannelEvent[] = [];
  const want: string[] = [];
  for (const [key, { version, event }] of mine) {
    const tag = their.get(key);
    if (tag === undefined || tag !== (await versionTag(version))) send.push(event);
  }
  for (const [key, tag] of their) {
    const local = mine.get(key);
    if (!local || tag !== (await versionTag(local.version))) want.push(key);
  }
  // The session event first: a receiver refuses markers of a session it does not have yet.
  send.sort((a, b) => Number(b.t === 'session') - Number(a.t === 'session'));
  return { send, want };
}

/** Our events for the keys a co-leader asked for (keys we do not hold are skipped). */
export function wanted(mine: Items, keys: string[]): ChannelEvent[] {
  const out = keys.map((k) => mine.get(k)?.event).filter((e): e is ChannelEvent => !!e);
  return out.sort((a, b) => Number(b.t === 'session') - Number(a.t === 'session'));
}
