/**
 * Groups, their members, and individual clients. Names and everything else a
 * person wrote are sealed; only ids (members: tags of ids) and the archived flag are in the clear.
 */
import type { FieldCipher } from '../crypto/types';
import type { Client, Group, Id, Member } from '../domain/types';
import type { ClientRow, GroupRow, MemberRow, SquircleDb } from './db';
import { RecordNotFoundError, SealedTable, definedOnly, type SealedSpec } from './sealed-table';
import { clientSpec, groupSpec, memberSpec } from './tables';

type Roster = { id: Id; name: string; archived: boolean; createdAt: number; updatedAt: number };
type RosterRow = GroupRow | MemberRow | ClientRow;
/** What a caller may change; ids, timestamps and archiving have their own calls. */
type Editable<E> = Omit<E, 'id' | 'archived' | 'createdAt' | 'updatedAt'>;
export type Which = 'active' | 'archived';

export type GroupInput = Editable<Group>;
export type MemberInput = Editable<Member>;
export type ClientInput = Editable<Client>;

/**
 * Shared by the three roster kinds. Every method throws FieldOpenError on a
 * stored record that does not open, and VaultLockedError after lock; those
 * naming an id throw RecordNotFoundError when it does not exist.
 */
abstract class RosterRepo<E extends Roster, R extends RosterRow> {
  protected readonly t: SealedTable<E, R>;

  constructor(
    protected readonly db: SquircleDb,
    protected readonly cipher: FieldCipher,
    spec: SealedSpec<E, R>,
    protected readonly now: () => number,
  ) {
    this.t = new SealedTable(db.table(spec.table), spec, cipher);
  }

  get(id: Id): Promise<E | undefined> {
    return this.t.get(id);
  }

  /** Writes the whole record as given: a co-leader's copy, already merged. */
  upsert(e: E): Promise<E> {
    return this.t.put(e);
  }

  /** Creates with a new random id. */
  create(input: Editable<E>): Promise<E> {
    const at = this.now();
    const e = { ...input, id: crypto.randomUUID(), archived: false, createdAt: at, updatedAt: at } as E;
    return this.t.put(e);
  }

  update(id: Id, patch: Partial<Editable<E>>): Promise<E> {
    return this.t.change(id, (e) => ({ ...e, ...definedOnly(patch), id, updatedAt: this.now() }));
  }

  archive(id: Id): Promise<E> {
    return this.t.change(id, (e) => ({ ...e, archived: true, updatedAt: this.now() }));
  }

  unarchive(id: Id): Promise<E> {
    return this.t.change(id, (e) => ({ ...e, archived: false, updatedAt: this.now() }));
  }

  /** Permanent. Deleting an id that does not exist is not an error. */
  async delete(id: Id): Promise<void> {
    await this.t.delete(id);
  }

  /** Sorted by name. Only the rows with the wanted flag are opened. */
  async list(which: Which = 'active'): Promise<E[]> {
    const rows = await this.t.rows
      .where('archived')
      .equals(which === 'archived' ? 1 : 0)
      .toArray();
    return byName(this.t.openAll(rows));
  }
}

export class GroupsRepo extends RosterRepo<Group, GroupRow> {
  constructor(db: SquircleDb, cipher: FieldCipher, now: () => number = Date.now) {
    super(db, cipher, groupSpec, now);
  }

  /**
   * Deletes the group and all its members in one transaction: members
   * without their group would be unreachable clinical data left on disk.
   * Its sessions stay (they are the clinical record; retention decides).
   */
  override async delete(id: Id): Promise<void> {
    const members = new SealedTable(this.db.members, memberSpec, this.cipher);
    await this.db.transaction('rw', this.db.groups, this.db.members, async () => {
      await this.db.members.where('groupId').anyOf(members.lookup('groupId', id)).delete();
      await this.db.groups.delete(id);
    });
  }
}

export class MembersRepo extends RosterRepo<Member, MemberRow> {
  constructor(db: SquircleDb, cipher: FieldCipher, now: () => number = Date.now) {
    super(db, cipher, memberSpec, now);
  }

  /**
   * Throws RecordNotFoundError when the group does not exist. Checked in the
   * same transaction as the write, so a group deleted meanwhile cannot gain
   * an orphaned member.
   */
  override create(input: MemberInput): Promise<Member> {
    return this.db.transaction('rw', this.db.groups, this.db.members, async () => {
      if (!(await this.db.groups.get(input.groupId))) throw new RecordNotFoundError('groups', input.groupId);
      return super.create(input);
    });
  }

  /** One group's members, sorted by name. Only that group's rows are opened. */
  async listByGroup(groupId: Id, which: Which = 'active'): Promise<Member[]> {
    const want = which === 'archived' ? 1 : 0;
    const rows = await this.db.members
      .where('groupId')
      .anyOf(this.t.lookup('groupId', groupId))
      .filter((r) => r.archived === want)
      .toArray();
    return byName(this.t.openAll(rows));
  }
}

export class ClientsRepo extends RosterRepo<Client, ClientRow> {
  constructor(db: SquircleDb, cipher: FieldCipher, now: () => number = Date.now) {
    super(db, cipher, clientSpec, now);
  }
}

function byName<E extends { name: string }>(list: E[]): E[] {
  return list.sort((a, b) => a.name.localeCompare(b.name));
}
