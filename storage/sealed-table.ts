/**
 * Entity <-> row mapping shared by every repository. A row keeps its index
 * columns in the clear and seals the whole entity as JSON, bound to
 * {table, id, v}. The clear columns are a copy that is checked against the
 * sealed one on every open, so editing them on disk is detected too.
 */
import type { Table } from 'dexie';
import { FieldOpenError, type FieldCipher, type FieldContext } from '../crypto/types';
import type { SealedRow, SealedTableName } from './db';

/** What a clear column may hold. Anything a person wrote never fits. */
export type ColumnKind = 'id' | 'time' | 'code' | 'flag' | 'hash' | 'tag';

/** Computes a keyed index value (FieldCipher.tag): the column's label, then the value. */
export type Tagger = (label: string, value: string) => string;

export type ClearColumns<R extends SealedRow> = Omit<R, keyof SealedRow>;

export interface SealedSpec<E, R extends SealedRow> {
  readonly table: SealedTableName;
  /** Record format version new rows are sealed with. */
  readonly v: number;
  /** Clear columns beyond id, v, updatedAt and body, and what each holds. */
  readonly columns: Readonly<Record<keyof ClearColumns<R>, ColumnKind>>;
  /**
   * The row's key is the keyed tag of the entity's id (label `<table>.id`), so
   * the id itself (a member's id, a category code) is never on disk.
   */
  readonly keyedId?: boolean;
  id(e: E): string;
  updatedAt(e: E): number;
  /** The clear columns; keyed ones through `tag`, with the label `<table>.<column>`. */
  clear(e: E, tag: Tagger): ClearColumns<R>;
}

/** The stored key of the record with this id: the id, or its tag for a keyedId table. */
export function rowKey(spec: Pick<SealedSpec<unknown, SealedRow>, 'table' | 'keyedId'>, tag: Tagger, id: string) {
  return spec.keyedId ? tag(`${spec.table}.id`, id) : id;
}

/** An update or delete named a record that does not exist (or no longer does). */
export class RecordNotFoundError extends Error {
  override readonly name = 'RecordNotFoundError';
  readonly messageKey = 'serviceErrors.recordGone';
  constructor(table: string, id: string) {
    super(`There is no record ${table}/${id}; it may have been deleted.`);
  }
}

const ID = /^[A-Za-z0-9._:-]{1,128}$/;
const CODE = /^[A-Za-z0-9._:-]{1,64}$/;
const HASH = /^[A-Za-z0-9+/=_-]{0,256}$/;
const TAG = /^[A-Za-z0-9_-]{22}$/;

/**
 * Whether `value` is allowed in a clear column of this kind. A guard against
 * putting text in an index by mistake (ids and codes carry no spaces), not a
 * proof that a value is harmless. Never throws.
 */
export function fitsColumn(kind: ColumnKind, value: unknown): boolean {
  switch (kind) {
    case 'id':
      return typeof value === 'string' && ID.test(value);
    case 'code':
      return typeof value === 'string' && CODE.test(value);
    case 'hash':
      return typeof value === 'string' && HASH.test(value);
    case 'tag':
      return typeof value === 'string' && TAG.test(value);
    case 'time':
      return typeof value === 'number' && Number.isFinite(value);
    case 'flag':
      return value === 0 || value === 1;
  }
}

export const flag = (b: boolean): 0 | 1 => (b ? 1 : 0);

/**
 * The row for an entity. Throws TypeError when an id or clear column does not
 * fit its kind (programmer error), VaultLockedError after lock.
 * Never writes anything.
 */
export function sealEntity<E, R extends SealedRow>(spec: SealedSpec<E, R>, cipher: FieldCipher, e: E): R {
  const updatedAt = spec.updatedAt(e);
  if (!fitsColumn('id', spec.id(e)) || !fitsColumn('time', updatedAt)) {
    throw new TypeError(`A ${spec.table} record needs an id and an updatedAt time.`);
  }
  const tag = (label: string, value: string) => cipher.tag(label, value);
  const id = rowKey(spec, tag, spec.id(e));
  const clear = spec.clear(e, tag);
  for (const [k, kind] of Object.entries(spec.columns) as [string, ColumnKind][]) {
    if (!fitsColumn(kind, (clear as Record<string, unknown>)[k])) {
      throw new TypeError(`${spec.table}.${k} must be a ${kind}: clinical text never goes in a clear column.`);
    }
  }
  const body = cipher.seal(JSON.stringify(e), { table: spec.table, id, v: spec.v });
  return { ...clear, id, v: spec.v, updatedAt, body } as R;
}

/**
 * Opens a row to its sealed plaintext and entity. Throws FieldOpenError (with
 * the table and id) when the body does not open under this cipher and
 * context, is not JSON, or disagrees with the clear columns. Never returns
 * partial data.
 *
 * A row sealed with an older record version than the spec's (written before
 * its table's columns changed, storage/upgrade-rows.ts) is checked for its id
 * and time only: its old columns are gone or about to be replaced.
 */
export function openSealed<E, R extends SealedRow>(
  spec: SealedSpec<E, R>,
  cipher: FieldCipher,
  row: R,
): { plain: string; entity: E } {
  const ctx: FieldContext = { table: spec.table, id: row.id, v: row.v };
  const plain = cipher.open(row.body, ctx);
  let entity: E;
  try {
    entity = JSON.parse(plain) as E;
  } catch {
    throw new FieldOpenError(ctx);
  }
  if (!agrees(spec, entity, row, cipher)) throw new FieldOpenError(ctx);
  return { plain, entity };
}

/** As openSealed, entity only. */
export function openEntity<E, R extends SealedRow>(spec: SealedSpec<E, R>, cipher: FieldCipher, row: R): E {
  return openSealed(spec, cipher, row).entity;
}

function agrees<E, R extends SealedRow>(spec: SealedSpec<E, R>, e: E, row: R, cipher: FieldCipher): boolean {
  if (typeof e !== 'object' || e === null) return false;
  try {
    if (spec.updatedAt(e) !== row.updatedAt) return false;
    const tag = (label: string, value: string) => cipher.tag(label, value);
    if (row.v < spec.v) return spec.id(e) === row.id || rowKey(spec, tag, spec.id(e)) === row.id;
    if (rowKey(spec, tag, spec.id(e)) !== row.id) return false;
    const clear = spec.clear(e, tag) as Record<string, unknown>;
    return Object.keys(spec.columns).every((k) => clear[k] === (row as unknown as Record<string, unknown>)[k]);
  } catch {
    return false;
  }
}

/** One Dexie table seen through its spec: what every repository needs. */
export class SealedTable<E, R extends SealedRow> {
  constructor(
    readonly rows: Table<R, string>,
    readonly spec: SealedSpec<E, R>,
    private readonly cipher: FieldCipher,
  ) {}

  /**
   * Undefined when absent. Throws FieldOpenError on a row that does not open.
   * In a keyedId table a row not yet re-sealed (storage/upgrade-rows.ts) is
   * still found under its plain id.
   */
  async get(id: string): Promise<E | undefined> {
    const key = this.key(id);
    const row = (await this.rows.get(key)) ?? (key !== id ? legacy(await this.rows.get(id), this.spec) : undefined);
    return row ? this.open(row) : undefined;
  }

  /**
   * The values an index lookup of `value` in a keyed `column` matches: its
   * tag, and the plain value that rows not yet re-sealed may still carry.
   */
  lookup(column: keyof ClearColumns<R> & string, value: string): string[] {
    return [this.tagOf(column, value), value];
  }

  /** The stored key of the record with this id (its tag in a keyedId table). */
  key(id: string): string {
    return rowKey(this.spec, this.tag, id);
  }

  /** The keyed index value of `value` in this table's `column`. */
  tagOf(column: keyof ClearColumns<R> & string, value: string): string {
    return this.cipher.tag(`${this.spec.table}.${column}`, value);
  }

  /** Permanent (a row not yet re-sealed under its plain id too); an id that is not there is not an error. */
  async delete(id: string): Promise<void> {
    const key = this.key(id);
    await this.rows.bulkDelete(key === id ? [id] : [key, id]);
  }

  private readonly tag: Tagger = (label, value) => this.cipher.tag(label, value);

  /** Throws RecordNotFoundError when absent, FieldOpenError on a row that does not open. */
  async require(id: string): Promise<E> {
    const e = await this.get(id);
    if (e === undefined) throw new RecordNotFoundError(this.spec.table, id);
    return e;
  }

  /** Inserts or replaces. Throws as sealEntity. */
  async put(e: E): Promise<E> {
    await this.rows.put(this.seal(e));
    return e;
  }

  /**
   * Reads, changes and writes one record in one transaction, so two pages
   * editing the same record cannot lose each other's change.
   * Throws RecordNotFoundError, FieldOpenError, or as sealEntity.
   */
  async change(id: string, edit: (e: E) => E): Promise<E> {
    return this.rows.db.transaction('rw', this.rows, async () => this.put(edit(await this.require(id))));
  }

  seal(e: E): R {
    return sealEntity(this.spec, this.cipher, e);
  }

  /** Throws FieldOpenError on the first row that does not open. */
  open(row: R): E {
    return openEntity(this.spec, this.cipher, row);
  }

  openAll(rows: R[]): E[] {
    return rows.map((r) => this.open(r));
  }
}

/** The row if it is of an older record version than the spec's, else undefined. */
function legacy<R extends SealedRow>(row: R | undefined, spec: { v: number }): R | undefined {
  return row && row.v < spec.v ? row : undefined;
}

/** Drops keys whose value is undefined, so a patch never erases a field by accident. */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
