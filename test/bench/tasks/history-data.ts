/**
 * A generated five-year history, written fast: entities are built here,
 * sealed with the app's own specs (sealEntity + storage/tables.ts, so every
 * row is exactly what the repositories would write), then stored with big
 * bulkPuts. Deterministic: a seeded generator picks every word.
 *
 * Shape: one slow-open group of 8 members meeting weekly for five years
 * (260 sessions), 40,000 markers with short texts (about 154 a session,
 * 1 in 100 soft-deleted), and one group process note of about 5 KB per
 * session with every field filled.
 */
import type { FieldCipher, WrappedVaultKey } from '../../../crypto';
import { BUILT_IN } from '../../../domain/categories';
import { templateById, TEMPLATES } from '../../../domain/templates';
import type { Group, Marker, Member, Note, Session } from '../../../domain/types';
import type { SealedRow, SquircleDb } from '../../../storage/db';
import { sealEntity, type SealedSpec } from '../../../storage/sealed-table';
import { groupSpec, markerSpec, memberSpec, noteSpec, sessionSpec } from '../../../storage/tables';
import { VaultStore } from '../../../storage/vault-store';
import { mulberry32 } from '../lib/prng';

export interface HistoryShape {
  sessions: number;
  markers: number;
  members: number;
  noteChars: number;
}

export interface GeneratedCounts {
  groups: number;
  members: number;
  sessions: number;
  markers: number;
  liveMarkers: number;
  notes: number;
  /** Average characters of a note's JSON as sealed (fields and all). */
  noteJsonChars: number;
  markerTextChars: number;
}

const WEEK = 7 * 24 * 3600 * 1000;
const SESSION_MS = 90 * 60 * 1000;
const T0 = Date.UTC(2021, 0, 5, 17, 0, 0);
const BATCH = 10_000;

/** Aliases as a group might use them; the search queries use some of them. */
export const MEMBER_NAMES = [
  'Noor',
  'Bartholomew',
  'Ines',
  'Kofi',
  'Mireille',
  'Tadeusz',
  'Yuki',
  'Rosa',
  'Anselm',
  'Leilani',
];

const MARKER_WORDS = (
  'looked away paused long silence before answering named feeling unseen on the screen camera switched off ' +
  'laughed then went quiet asked about the frame joined from the car noticed the background leaned closer ' +
  'moved back from the camera voice cracked held the pause invited the group to imagine the circle owned a mistake ' +
  'repair after the misattunement cohesion rising subgroup forming conflict with the co-leader body check-in ' +
  'shoulders tight breath held jaw set face softened tearful smiled at another member interrupted by a child ' +
  'connection dropped came back late left early mentioned a café meeting outside the group'
).split(' ');

const NOTE_SENTENCES = [
  'Members returned several times to the question of who is really listening when the camera is off.',
  'The group held a long silence after the opening round and nobody rushed to fill it.',
  'Two members compared how tiring the week had been and found they shared the same worry about work.',
  'The leaders named the lag on the line aloud, which seemed to ease the irritation in the room.',
  'One member spoke from a parked car; the frame was discussed and a quieter place agreed for next week.',
  'Cohesion felt higher than last month; members addressed each other directly instead of the leaders.',
  'A rupture followed a leader comment that landed as dismissive; it was repaired later in the session.',
  'The co-leaders checked in with each other in the break and agreed to slow the pace of the second half.',
  'Body check-in: several reported tight shoulders and shallow breathing when conflict came up.',
  'Faces on screen showed reactions the members did not put into words; the leaders invited them to say more.',
  'Someone in the background of one tile walked past twice; the member chose not to comment on it.',
  'The group imagined sitting in a circle together and described where each person would sit.',
  'A member disclosed a recent loss and the group responded with warmth and some careful questions.',
  'Risk: no new concern about safety was raised; the emergency plan for each member is still current.',
  'Plan: continue the theme of being seen and not seen, and return to the unfinished exchange about trust.',
  'Attendance was full except for one member who wrote in advance about a clash with a hospital appointment.',
  'The leaders owned a scheduling mistake openly, and the group used it to talk about reliability.',
  'Subgrouping appeared between the longer-standing members and the two who joined in the spring.',
  'Interpersonal learning was visible when one member tried a new way of asking for feedback.',
  'Hope was named explicitly for the first time by a member who has been quiet for many weeks.',
];

export async function generateHistory(
  db: SquircleDb,
  cipher: FieldCipher,
  wrapped: WrappedVaultKey,
  shape: HistoryShape,
): Promise<GeneratedCounts> {
  const rand = mulberry32(20250601);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const categories = BUILT_IN.map((c) => c.code).filter((c) => !c.startsWith('auto.'));

  await new VaultStore(db).putWrapped(wrapped);

  const group: Group = {
    id: 'grp-tuesday',
    name: 'Tuesday evening group',
    kind: 'slow-open',
    schedule: 'Tuesdays 18:00, 90 min',
    coLeaders: ['Dr. Rivera', 'Sam Okafor'],
    archived: false,
    createdAt: T0 - WEEK,
    updatedAt: T0 - WEEK,
  };
  const members: Member[] = MEMBER_NAMES.slice(0, shape.members).map((name, i) => ({
    id: `mbr-${i + 1}`,
    groupId: group.id,
    name,
    pronouns: i % 2 ? 'she/her' : 'he/him',
    archived: false,
    createdAt: T0 - WEEK,
    updatedAt: T0 - WEEK,
  }));

  const sessions: Session[] = [];
  const markers: Marker[] = [];
  const notes: Note[] = [];
  const template = templateById(TEMPLATES, 'group-process');
  const perSession = Math.floor(shape.markers / shape.sessions);
  const extra = shape.markers - perSession * shape.sessions;
  let textChars = 0;
  for (let s = 0; s < shape.sessions; s++) {
    const startedAt = T0 + s * WEEK;
    const endedAt = startedAt + SESSION_MS;
    const id = `ses-${String(s + 1).padStart(4, '0')}`;
    sessions.push({
      id,
      ownerKind: 'group',
      ownerId: group.id,
      platform: 'meet',
      meetingHash: 'mh-weekly-tuesday-group-link',
      startedAt,
      endedAt,
      pauses: [],
      attendance: Object.fromEntries(members.map((m) => [m.id, rand() < 0.9 ? 'present' : 'absent'])),
      updatedAt: endedAt,
    });
    const n = perSession + (s < extra ? 1 : 0);
    for (let k = 0; k < n; k++) {
      const at = Math.floor(((k + rand()) * SESSION_MS) / n);
      let text = '';
      const words = 2 + Math.floor(rand() * 8);
      for (let w = 0; w < words; w++) text += (w ? ' ' : '') + pick(MARKER_WORDS);
      textChars += text.length;
      markers.push({
        id: `mk-${String(s + 1).padStart(4, '0')}-${String(k).padStart(3, '0')}`,
        sessionId: id,
        at,
        wallAt: startedAt + at,
        category: pick(categories),
        memberId: rand() < 0.7 ? pick(members).id : null,
        text,
        auto: false,
        author: rand() < 0.5 ? 'dev-rivera' : 'dev-okafor',
        deleted: rand() < 0.01,
        updatedAt: startedAt + at,
      });
    }
    const perField = Math.ceil(shape.noteChars / template.fields.length);
    const fields: Record<string, string> = {};
    for (const f of template.fields) {
      let text = '';
      while (text.length < perField) {
        const sentence = pick(NOTE_SENTENCES);
        text += (text ? ' ' : '') + (rand() < 0.3 ? `${pick(members).name}: ${sentence}` : sentence);
      }
      fields[f.id] = text;
    }
    notes.push({
      id: `note-${String(s + 1).padStart(4, '0')}`,
      sessionId: id,
      template: template.id,
      noteClass: template.noteClass,
      fields,
      updatedAt: endedAt + 3600_000,
    });
  }

  await put(db, groupSpec, cipher, [group]);
  await put(db, memberSpec, cipher, members);
  await put(db, sessionSpec, cipher, sessions);
  await put(db, markerSpec, cipher, markers);
  await put(db, noteSpec, cipher, notes);
  return {
    groups: 1,
    members: members.length,
    sessions: sessions.length,
    markers: markers.length,
    liveMarkers: markers.filter((m) => !m.deleted).length,
    notes: notes.length,
    noteJsonChars: notes.reduce((n, x) => n + JSON.stringify(x).length, 0) / notes.length,
    markerTextChars: textChars / markers.length,
  };
}

/** Seals a batch as the repositories would, then one bulkPut per BATCH rows in one transaction each. */
async function put<E, R extends SealedRow>(
  db: SquircleDb,
  spec: SealedSpec<E, R>,
  cipher: FieldCipher,
  entities: E[],
): Promise<void> {
  const table = db.table<R, string>(spec.table);
  for (let i = 0; i < entities.length; i += BATCH) {
    const rows = entities.slice(i, i + BATCH).map((e) => sealEntity(spec, cipher, e));
    await db.transaction('rw', table, () => table.bulkPut(rows));
  }
}
