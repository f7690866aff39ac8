import { liveQuery } from 'dexie';
import type { HistoryApi } from '../../components/history/api';
import type { CallInfo, SessionApi } from '../../components/session/api';
import { meetingHash } from '../../crypto';
import type { FieldCipher, VaultKey } from '../../crypto/types';
import type { AttendanceStatus, Member } from '../../domain/types';
import { matchParticipants } from '../../domain/participants';
import { templateById, type NoteTemplate } from '../../domain/templates';
import { CategoriesRepo } from '../../storage/categories-repo';
import type { SquircleDb } from '../../storage/db';
import { buildSearchIndex, liveMarkerCounts, search, sessionsByOwner, type SearchIndex } from '../../storage/history';
import { NotesRepo } from '../../storage/notes-repo';
import { ClientsRepo, GroupsRepo, MembersRepo } from '../../storage/roster-repo';
import { checklistMarkdown } from '../../domain/checklist';
import { SafetyRepo } from '../../storage/safety-repo';
import { onTableChanged } from '../../storage/table-changes';
import { keptNotes } from './kept-on-close';
import { liveMarkers } from './live-markers';
import { SessionActions, type Sink } from '../common/session-actions';
import { UserError } from '../../util/user-error';

type Kind = 'group' | 'member' | 'client';

/**
 * The panel's SessionApi over the sealed repositories. Live views are Dexie
 * liveQueries (markers: liveMarkers, which reads only what changed), so a
 * marker written by the background (a shortcut, detection) appears in the
 * panel without a reload.
 */
export function sessionApi(
  db: SquircleDb,
  cipher: FieldCipher,
  key: VaultKey,
  author: string,
  opts: {
    sink?: Sink;
    /** A session ended here (the back-channel hands over what was parked). */
    ended?: (id: string) => Promise<void>;
    clinicCategories?: readonly { label: string; family?: string }[];
    /** The templates notes are written in: built-in and the clinic's. */
    templates: readonly NoteTemplate[];
  },
): SessionApi {
  const { sink, ended = async () => undefined, clinicCategories = [], templates } = opts;
  const groups = new GroupsRepo(db, cipher);
  const members = new MembersRepo(db, cipher);
  const clients = new ClientsRepo(db, cipher);
  const notes = new NotesRepo(db, cipher);
  const categories = new CategoriesRepo(db, cipher);
  // The clinic's categories sit beside the user's own, with random codes kept in the vault
  // (made on first use). Markers written before that named them by a slug of the label: the
  // slug stays an alias, in memory only, so those markers keep their label.
  void categories.ensureClinic(clinicCategories).catch((e: unknown) => {
    console.error('Could not keep the clinic categories', e);
  });
  const clinic = async () =>
    (await categories.clinicStored(clinicCategories)).filter((c) => c !== undefined).map(withLegacyCode);
  const actions = new SessionActions(db, cipher, author, Date.now, sink);
  const repo = (k: Kind) => (k === 'group' ? groups : k === 'member' ? members : clients);
  const both = async <T>(r: { list(w: 'active' | 'archived'): Promise<T[]> }) => [
    ...(await r.list('active')),
    ...(await r.list('archived')),
  ];
  return {
    live: {
      groups: () => liveQuery(() => both(groups)),
      clients: () => liveQuery(() => both(clients)),
      members: (groupId) =>
        liveQuery(() => (groupId ? members.listByGroup(groupId, 'active') : Promise.resolve([] as Member[]))),
      activeSession: () => liveQuery(() => actions.active()),
      // Read once, then only what changed: re-reading and opening the whole
      // session on every marker would cost more the longer the session runs.
      markers: (sessionId) => liveMarkers(db, actions.markers, sessionId),
      categories: () => liveQuery(async () => [...(await clinic()), ...(await categories.list())]),
    },
    roster: {
      saveGroup: ({ id, ...g }) => (id ? groups.update(id, g) : groups.create(g)),
      saveMember: ({ id, ...m }) => (id ? members.update(id, m) : members.create(m)),
      saveClient: ({ id, ...c }) => (id ? clients.update(id, c) : clients.create(c)),
      setArchived: async (kind, id, archived) =>
        void (await (archived ? repo(kind).archive(id) : repo(kind).unarchive(id))),
      remove: (kind, id) => repo(kind).delete(id),
      addCategory: (label) => categories.add({ label, family: 'custom' }),
    },
    session: {
      start: async (ownerKind, ownerId, call: CallInfo | null) => {
        const hash = call?.meetingId ? meetingHash(key, call.platform, call.meetingId) : '';
        const attendance: Record<string, AttendanceStatus> = {};
        if (ownerKind === 'group' && call?.participants.length) {
          for (const id of matchParticipants(call.participants, await members.listByGroup(ownerId, 'active')).values())
            attendance[id] = 'present';
        }
        return actions.start(ownerKind, ownerId, call?.platform ?? 'none', hash, attendance);
      },
      suggestOwner: async (call) =>
        call.meetingId ? actions.sessions.suggestOwner(meetingHash(key, call.platform, call.meetingId)) : undefined,
      pause: (id) => actions.pause(id),
      resume: (id) => actions.resume(id),
      end: async (id) => {
        await actions.end(id);
        await ended(id);
      },
      setAttendance: (id, memberId, status) => actions.setAttendance(id, memberId, status),
    },
    markers: {
      add: async (sessionId, m, shown) => {
        const s = shown?.id === sessionId && shown.endedAt === null ? shown : await actions.sessions.get(sessionId);
        if (!s) throw new UserError('serviceErrors.sessionGone', 'That session no longer exists.');
        return actions.mark(s, m);
      },
      update: (m) => actions.editMarker(m.id, { category: m.category, memberId: m.memberId, text: m.text }),
      remove: (m) => actions.editMarker(m.id, { deleted: true }),
      restore: (m) => actions.editMarker(m.id, { deleted: false }),
    },
    notes: {
      templates,
      live: (sessionId, template) => liveQuery(() => notes.get(sessionId, template)),
      save: (sessionId, template, changed, shown) =>
        actions.saveNote(sessionId, templateById(templates, template), changed, shown),
      ...keptNotes(cipher),
    },
  };
}

/** History over the same repositories; the search index lives in memory only. */
export function historyApi(
  db: SquircleDb,
  cipher: FieldCipher,
  opts: {
    exportAllowed: boolean;
    perMemberExportAllowed: boolean;
    openPrint: HistoryApi['openPrint'];
    /** The templates the notes may be written in, carried by each export (detail). */
    templates: readonly NoteTemplate[];
  },
): HistoryApi {
  const { templates, ...allowed } = opts;
  // Decrypted in memory only; rebuilt when any searchable table changed since.
  let index: { stamp: string; built: Promise<SearchIndex> } | undefined;
  const stamp = async () => {
    // The newest updatedAt of each table, read from its index: cheap, and
    // markers and notes are never hard-deleted while a session runs.
    const tables = [db.markers, db.notes, db.groups, db.members, db.clients, db.sessions];
    const last = await Promise.all(tables.map(async (t) => (await t.orderBy('updatedAt').last())?.updatedAt ?? 0));
    return last.join('|');
  };
  const searchIndex = async () => {
    const now = await stamp();
    if (index?.stamp !== now) index = { stamp: now, built: buildSearchIndex(db, cipher) };
    return index.built;
  };

  const actions = new SessionActions(db, cipher, '');
  const groups = new GroupsRepo(db, cipher);
  const clients = new ClientsRepo(db, cipher);
  const members = new MembersRepo(db, cipher);
  // The pre-session checklist travels with the session's export.
  const checklistFor = async (sessionId: string, people: { id: string; name: string }[]) => {
    const r = await new SafetyRepo(db, cipher).checklist(sessionId);
    return r && checklistMarkdown(r, Object.fromEntries(people.map((p) => [p.id, p.name])));
  };
  const ownerNames = async () => {
    const all = await Promise.all([
      groups.list('active'),
      groups.list('archived'),
      clients.list('active'),
      clients.list('archived'),
    ]);
    return new Map(all.flat().map((o) => [o.id, o.name]));
  };
  return {
    ...allowed,
    sessions: async () => {
      // One read per table, not one per session: this is what unlock waits for.
      // Marker counts walk every marker, so they come separately, after.
      const [byOwner, owners] = await Promise.all([sessionsByOwner(db, cipher), ownerNames()]);
      return [...byOwner.values()]
        .flat()
        .sort((a, b) => b.startedAt - a.startedAt)
        .map((s) => ({
          id: s.id,
          ownerKind: s.ownerKind,
          ownerId: s.ownerId,
          ownerName: owners.get(s.ownerId) ?? 'Deleted',
          startedAt: s.startedAt,
          endedAt: s.endedAt,
        }));
    },
    markerCounts: () => liveMarkerCounts(db),
    warm: () => void searchIndex(),
    search: async (q) => {
      return search(await searchIndex(), q).map((h) => ({
        sessionId: h.sessionId,
        kind: h.kind,
        snippet: h.snippet.text,
      }));
    },
    detail: async (sessionId) => {
      const session = await actions.sessions.get(sessionId);
      if (!session) throw new UserError('serviceErrors.sessionGone', 'That session no longer exists.');
      const owner = (await (session.ownerKind === 'group'
        ? groups.get(session.ownerId)
        : clients.get(session.ownerId))) ?? {
        id: session.ownerId,
        name: 'Deleted',
        pronouns: '',
        archived: true,
        createdAt: 0,
        updatedAt: 0,
      };
      const ms =
        session.ownerKind === 'group'
          ? [
              ...(await members.listByGroup(session.ownerId, 'active')),
              ...(await members.listByGroup(session.ownerId, 'archived')),
            ]
          : [];
      return {
        session,
        owner,
        members: ms,
        markers: await actions.markers.listBySession(sessionId),
        notes: await new NotesRepo(db, cipher).listBySession(sessionId),
        custom: (await new CategoriesRepo(db, cipher).all()).map((c) => (c.clinic ? withLegacyCode(c) : c)),
        checklist: await checklistFor(sessionId, ms.length ? ms : [owner]),
        templates,
      };
    },
    onRecordsChanged: (sessionId, cb) => {
      const notes = new NotesRepo(db, cipher);
      // What the view shows of the records: every signature of the session's notes.
      const seen = async () =>
        JSON.stringify(
          (await notes.listBySession(sessionId)).map((n) => [
            n.id,
            n.signed?.sig,
            n.amendments?.map((a) => a.sig),
            n.cosigns?.map((c) => c.sig),
          ]),
        );
      let last: Promise<string | undefined> = seen().catch(() => undefined);
      // One comparison at a time, in order: a burst of writes is read once each, and a failed read waits for the next.
      let checking = Promise.resolve();
      const check = () => {
        checking = checking
          .then(async () => {
            const before = await last;
            last = seen().catch(() => undefined);
            if ((await last) !== before) cb();
          })
          .catch(() => undefined);
      };
      return onTableChanged(db, 'notes', check);
    },
  };
}

/** A clinic category with the code markers named it by before codes were random: a slug of its label. */
function withLegacyCode<C extends { label: string }>(c: C): C & { aliases: string[] } {
  return { ...c, aliases: [`clinic:${slug(c.label)}`] };
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'category'
  );
}
