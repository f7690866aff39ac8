/**
 * Hybrid logical clocks: wall time that never runs backwards and breaks ties
 * by device, so two leaders order every edit the same way whatever the order
 * of arrival. Encoded as a string that sorts correctly.
 */
export interface Hlc {
  wall: number;
  count: number;
  device: string;
}

export function encodeHlc(h: Hlc): string {
  return `${h.wall.toString(36).padStart(10, '0')}.${h.count.toString(36).padStart(4, '0')}.${h.device}`;
}

export function decodeHlc(s: string): Hlc | undefined {
  const m = /^([0-9a-z]{10})\.([0-9a-z]{4})\.(.+)$/.exec(s);
  if (!m) return undefined;
  return { wall: parseInt(m[1]!, 36), count: parseInt(m[2]!, 36), device: m[3]! };
}

/** The next local time after `last`, at wall time `now`. */
export function tick(last: Hlc | undefined, now: number, device: string): Hlc {
  if (!last || now > last.wall) return { wall: now, count: 0, device };
  return { wall: last.wall, count: last.count + 1, device };
}

/** The local clock after seeing a remote time, so later local edits sort after it. */
export function receive(last: Hlc | undefined, remote: Hlc, now: number, device: string): Hlc {
  const wall = Math.max(now, remote.wall, last?.wall ?? 0);
  let count = 0;
  if (wall === remote.wall && wall === last?.wall) count = Math.max(remote.count, last.count) + 1;
  else if (wall === remote.wall) count = remote.count + 1;
  else if (wall === last?.wall) count = last.count + 1;
  return { wall, count, device };
}

/** String order is time order. */
export const compareHlc = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
