import type { Id, Member } from './types';

const norm = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Which member a name on the call page is: the whole name first, then a
 * first name that only one member has. Display names are the page's, so a
 * guess is never forced: unmatched names stay unmatched.
 */
export function matchParticipants(names: readonly string[], members: readonly Member[]): Map<string, Id> {
  const out = new Map<string, Id>();
  const byFull = new Map(members.map((m) => [norm(m.name), m.id]));
  const firsts = new Map<string, Id[]>();
  for (const m of members) {
    const first = norm(m.name).split(' ')[0] ?? '';
    if (first) firsts.set(first, [...(firsts.get(first) ?? []), m.id]);
  }
  for (const name of names) {
    const n = norm(name);
    const full = byFull.get(n);
    if (full) {
      out.set(name, full);
      continue;
    }
    const candidates = firsts.get(n.split(' ')[0] ?? '') ?? [];
    if (candidates.length === 1) out.set(name, candidates[0]!);
  }
  return out;
}
