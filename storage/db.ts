import Dexie, { type Table } from 'dexie';
import type { RecoveryRecord, WrappedVaultKey } from '../crypto/types';
import type { RoomGuard } from './room';
import { LedgerHolder, ledgerMiddleware, type LedgerRow } from './ledger';

/**
 * A row whose clinical content is one sealed field. Only ids, times, 0/1
 * flags and keyed tags are in the clear: they are what the indexes need
 * (docs/SECURITY.md lists each and what it shows).
 */
export interface SealedRow {
  id: string;
  /** Record format version, bound into the sealed field. */
  v: number;
  updatedAt: number;
  body: Uint8Array;
}

/** Booleans in the clear are stored as 0/1: IndexedDB cannot index true/false. */
export type Flag = 0 | 1;

export interface GroupRow extends SealedRow {
  archived: Flag;
}

/** id is the member id's tag. */
export interface MemberRow extends SealedRow {
  /** The group id's tag. */
  groupId: string;
  archived: Flag;
}

export interface ClientRow extends SealedRow {
  archived: Flag;
}

/** Owner and meeting hash are sealed; the start time is what retention deletes by while locked. */
export interface SessionRow extends SealedRow {
  startedAt: number;
}

/** Category and clock time are sealed. */
export interface MarkerRow extends SealedRow {
  sessionId: string;
  deleted: Flag;
}

/** The template stays sealed: which kind of note exists is itself clinical. */
export interface NoteRow extends SealedRow {
  sessionId: string;
}

/** id is the category code's tag (codes are random, never derived from the label). */
export type CategoryRow = SealedRow;

export interface VaultRow {
  id: 'vault';
  wrapped: WrappedVaultKey;
  createdAt: number;
  /** The vault key sealed to the clinic's recovery key, only while a clinic's policy names one. */
  recovery?: RecoveryRecord;
}

/** Not secret: how many wrong passphrases in a row, to slow guessing. */
export interface UnlockThrottleRow {
  id: 'throttle';
  failures: number;
  lastFailureAt: number;
  /**
   * Wrong passphrases ever (never reset): each unlock compares it with the
   * sealed copy in the integrity ledger, so a reset on disk is noticed.
   */
  total?: number;
}

/** Not secret: which session is running now (an id, nothing else). */
export interface ActiveSessionRow {
  id: 'active';
  sessionId: string | null;
}

/**
 * Not secret: rows written with older record versions wait for the next
 * unlock to be re-sealed (storage/upgrade-rows.ts).
 */
export interface RowsUpgradeDueRow {
  id: 'rows-upgrade-due';
}

export type MetaRow = UnlockThrottleRow | ActiveSessionRow | RowsUpgradeDueRow;

/**
 * The co-leader channel's working state. Identity and channel secrets are
 * sealed rows; the rest holds only ciphertext (outgoing envelopes), device
 * ids, counters and reason codes. None of it goes into backups: a restored
 * profile pairs again rather than cloning a device's identity.
 */
export interface ChannelRow extends SealedRow {
  groupId: string;
}
export interface ChannelCounterRow {
  /** The channel id. */
  id: string;
  epoch: number;
  counter: number;
}
export interface OutboxRow {
  seq?: number;
  channelId: string;
  topic: string;
  /** A sealed, signed envelope: ciphertext only. */
  envelope: Uint8Array;
  createdAt: number;
  /** An events envelope's message key, sealed under its epoch's header key (crypto/ratchet.ts wrapOutboxKey). */
  mk?: Uint8Array;
}
/**
 * Either one sealed row per channel (id = channelId) holding every
 * sender's window by `${deviceId}:${epoch}`, or a row as releases before
 * sealing wrote it (id = `${channelId}:${deviceId}:${epoch}`, the window in
 * the clear), read until that window is next written.
 */
export interface ReplayRow {
  id: string;
  /** Rows written before sealing only. */
  window?: string;
  v?: number;
  updatedAt?: number;
  body?: Uint8Array;
}
export interface DiagnosticRow {
  /** `${channelId}:${reason}` */
  id: string;
  count: number;
  lastAt: number;
}

export interface MessageRow extends SealedRow {
  sessionId: string;
}

/** Safety before sessions (domain/safety.ts, screening.ts, checklist.ts, gcq.ts). id is the member id's tag. */
export interface SafetyRow extends SealedRow {
  /** The group id's tag. */
  groupId: string;
}
/** id is always 'leader': one profile per vault. */
export type LeaderProfileRow = SealedRow;
export interface ScreeningRow extends SealedRow {
  /** The member id's tag. */
  memberId: string;
}
/** id is the session's id: one checklist per session. The owner is sealed. */
export type ChecklistRow = SealedRow;
export interface MeasureRow extends SealedRow {
  /** The group id's tag. */
  groupId: string;
  sessionId: string;
}

export class SquircleDb extends Dexie {
  safety!: Table<SafetyRow, string>;
  leaderProfile!: Table<LeaderProfileRow, string>;
  screenings!: Table<ScreeningRow, string>;
  checklists!: Table<ChecklistRow, string>;
  measures!: Table<MeasureRow, string>;
  messages!: Table<MessageRow, string>;
  identity!: Table<SealedRow, string>;
  channels!: Table<ChannelRow, string>;
  invites!: Table<SealedRow, string>;
  channelCounters!: Table<ChannelCounterRow, string>;
  outbox!: Table<OutboxRow, number>;
  replay!: Table<ReplayRow, string>;
  diagnostics!: Table<DiagnosticRow, string>;
  vault!: Table<VaultRow, string>;
  meta!: Table<MetaRow, string>;
  scratch!: Table<SealedRow, string>;
  groups!: Table<GroupRow, string>;
  members!: Table<MemberRow, string>;
  clients!: Table<ClientRow, string>;
  sessions!: Table<SessionRow, string>;
  markers!: Table<MarkerRow, string>;
  notes!: Table<NoteRow, string>;
  categories!: Table<CategoryRow, string>;
  ledger!: Table<LedgerRow, string>;
  /** The cipher the integrity ledger is kept with while unlocked (storage/ledger.ts). */
  readonly integrity = new LedgerHolder();

  /**
   * With a guard, no write starts while the disk is (almost) full (storage/room.ts);
   * the writes a user starts await `room.check()` first.
   */
  constructor(
    name = 'squircle',
    readonly room?: RoomGuard,
  ) {
    super(name);
    if (room) this.use(room.middleware);
    this.use(ledgerMiddleware(this.integrity, SEALED_TABLES));
    // Released schema: never edit, only add versions below.
    this.version(1).stores({
      vault: 'id',
      meta: 'id',
      scratch: 'id, updatedAt',
    });
    // The clinical model. Every indexed column is an id, a timestamp, a
    // category code or a 0/1 flag; everything else is inside `body`.
    this.version(2).stores({
      groups: 'id, archived, updatedAt',
      members: 'id, groupId, archived, updatedAt',
      clients: 'id, archived, updatedAt',
      sessions: 'id, ownerId, startedAt, meetingHash, [ownerId+startedAt], updatedAt',
      markers: 'id, sessionId, [sessionId+at], category, updatedAt',
      notes: 'id, sessionId, updatedAt',
      categories: 'id, updatedAt',
    });
    this.version(3).stores({
      identity: 'id',
      channels: 'id, groupId, updatedAt',
      invites: 'id, updatedAt',
      channelCounters: 'id',
      outbox: '++seq, channelId',
      replay: 'id',
      diagnostics: 'id',
    });
    this.version(4).stores({
      messages: 'id, sessionId, updatedAt',
    });
    // Safety before and between sessions: member safety records, the leader's
    // licences and platforms, screening forms, checklists, climate ratings.
    this.version(5).stores({
      safety: 'id, groupId, updatedAt',
      leaderProfile: 'id, updatedAt',
      screenings: 'id, memberId, updatedAt',
      checklists: 'id, ownerId, updatedAt',
      measures: 'id, groupId, sessionId, [groupId+at], updatedAt',
    });
    // Keyed indexes: columns that told which member, owner, category or meeting a
    // row is about leave the clear. This step needs no key: it drops the old
    // columns and indexes at once. Rows keep their old record version until the
    // first unlock re-seals them with tags (storage/upgrade-rows.ts).
    this.version(6)
      .stores({
        sessions: 'id, startedAt, updatedAt',
        markers: 'id, sessionId, updatedAt',
        checklists: 'id, updatedAt',
        measures: 'id, groupId, sessionId, updatedAt',
      })
      .upgrade(async (tx) => {
        const drop = (table: string, columns: string[]) =>
          tx
            .table(table)
            .toCollection()
            .modify((row: Record<string, unknown>) => {
              // Rows of the first record version are the ones with these columns.
              if (row.v === 1) for (const c of columns) delete row[c];
            });
        await drop('sessions', ['ownerId', 'meetingHash']);
        await drop('markers', ['at', 'category']);
        await drop('members', ['groupId']);
        await drop('safety', ['groupId']);
        await drop('screenings', ['memberId']);
        await drop('checklists', ['ownerId']);
        await drop('measures', ['groupId', 'at']);
        await tx.table('meta').put({ id: 'rows-upgrade-due' });
      });
    // The integrity ledger: one sealed row counting what the sealed tables hold (storage/ledger.ts).
    this.version(7).stores({ ledger: 'id' });
  }

  /**
   * A failed open (Chromium cannot reopen its database while the disk is
   * full) would otherwise stick: Dexie rejects every later call with that
   * error until open() is called again, so saves would keep failing after
   * space is freed. Here the failure is forgotten a moment later, and the
   * next call opens the database again (test/e2e/bad-input.test.ts).
   */
  override open(): ReturnType<Dexie['open']> {
    const opening = super.open();
    opening.catch(() =>
      setTimeout(() => {
        if (this.hasFailed() && !this.isOpen()) this.close({ disableAutoOpen: false });
      }, REOPEN_AFTER_MS),
    );
    return opening;
  }

  /**
   * Awaited before a write a user started (a note, the scratch note, a
   * marker): refuses it at once when the disk is (almost) full, with
   * DiskFullError. Not inside a transaction, which an await of something
   * other than IndexedDB would end: there the guard's last reading decides.
   */
  async roomForWrite(): Promise<void> {
    if (!Dexie.currentTransaction) await this.room?.check();
  }
}

const REOPEN_AFTER_MS = 500;

/** Every table whose rows are SealedRows, in backup order. */
export const SEALED_TABLES = [
  'scratch',
  'groups',
  'members',
  'clients',
  'sessions',
  'markers',
  'notes',
  'categories',
  'messages',
  'safety',
  'leaderProfile',
  'screenings',
  'checklists',
  'measures',
] as const;
export type SealedTableName = (typeof SEALED_TABLES)[number];
