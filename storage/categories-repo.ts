/**
 * The user's own marker categories. The code is generated, never derived
 * from the label: codes sit in the clear on every marker, labels are sealed.
 */
import type { FieldCipher } from '../crypto/types';
import type { CategoryCode } from '../domain/types';
import type { CategoryRow, SquircleDb } from './db';
import { SealedTable, definedOnly } from './sealed-table';
import { categorySpec, type StoredCategory } from './tables';

export type CategoryInput = Pick<StoredCategory, 'label' | 'family'>;

/** The prefix every custom category code carries, so it never collides with a built-in one. */
export const CUSTOM_CODE_PREFIX = 'custom:';

/**
 * Every method throws VaultLockedError after lock and FieldOpenError on a
 * stored category that does not open; update throws RecordNotFoundError.
 */
export class CategoriesRepo {
  private readonly t: SealedTable<StoredCategory, CategoryRow>;

  constructor(
    db: SquircleDb,
    cipher: FieldCipher,
    private readonly now: () => number = Date.now,
  ) {
    this.t = new SealedTable(db.categories, categorySpec, cipher);
  }

  add(input: CategoryInput): Promise<StoredCategory> {
    const at = this.now();
    const code = `${CUSTOM_CODE_PREFIX}${crypto.randomUUID()}`;
    return this.t.put({ code, label: input.label, family: input.family, createdAt: at, updatedAt: at });
  }

  update(code: CategoryCode, patch: Partial<CategoryInput>): Promise<StoredCategory> {
    return this.t.change(code, (c) => ({ ...c, ...definedOnly(patch), code, updatedAt: this.now() }));
  }

  /** Markers keep the code; the panel shows them under an unknown category. */
  async remove(code: CategoryCode): Promise<void> {
    await this.t.rows.delete(code);
  }

  /** Sorted by family, then label. */
  async list(): Promise<StoredCategory[]> {
    const all = this.t.openAll(await this.t.rows.toArray());
    return all.sort((a, b) => a.family.localeCompare(b.family) || a.label.localeCompare(b.label));
  }
}
