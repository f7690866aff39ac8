/**
 * The user's own marker categories. The code is random, never derived from
 * the label; on disk a row's key is the code's tag and everything else is
 * sealed, so neither code nor label is readable there.
 */
import type { FieldCipher } from '../crypto/types';
import type { CategoryCode } from '../domain/types';
import type { CategoryRow, SquircleDb } from './db';
import { SealedTable, definedOnly } from './sealed-table';
import { categorySpec, type StoredCategory } from './tables';

export type CategoryInput = Pick<StoredCategory, 'label' | 'family'>;

/** The prefix every custom category code carries, so it never collides with a built-in one. */
export const CUSTOM_CODE_PREFIX = 'custom:';
/** The prefix of a clinic category's code; the rest is random, never the label. */
export const CLINIC_CODE_PREFIX = 'clinic:';

/** A category a clinic's policy names: a label and a family, no code. */
export interface ClinicCategory {
  label: string;
  family?: string;
}

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
    await this.t.delete(code);
  }

  /** The user's own, sorted by family, then label (the clinic's are in clinic()). */
  async list(): Promise<StoredCategory[]> {
    const all = (await this.all()).filter((c) => !c.clinic);
    return all.sort((a, b) => a.family.localeCompare(b.family) || a.label.localeCompare(b.label));
  }

  /**
   * The clinic's categories (policy gives labels only), in the policy's
   * order, each with a random code kept in this vault: the first call for a
   * label makes its code, later ones find it. Writes; not for a liveQuery
   * (clinicStored reads only).
   */
  async ensureClinic(wanted: readonly ClinicCategory[]): Promise<StoredCategory[]> {
    return this.t.rows.db.transaction('rw', this.t.rows, async () => {
      const have = await this.clinicStored(wanted);
      const at = this.now();
      for (const [i, w] of wanted.entries()) {
        if (have[i]) continue;
        const code = `${CLINIC_CODE_PREFIX}${crypto.randomUUID()}`;
        const family = w.family ?? 'custom';
        have[i] = await this.t.put({ code, label: w.label, family, createdAt: at, updatedAt: at, clinic: true });
      }
      return have as StoredCategory[];
    });
  }

  /** The stored clinic category of each wanted label (undefined for a label not stored yet). */
  async clinicStored(wanted: readonly ClinicCategory[]): Promise<(StoredCategory | undefined)[]> {
    const clinic = (await this.all()).filter((c) => c.clinic);
    return wanted.map((w) => {
      const c = clinic.find((x) => x.label === w.label);
      return c && { ...c, family: w.family ?? 'custom' };
    });
  }

  /** The user's and the clinic's, unsorted: for labelling markers. */
  async all(): Promise<StoredCategory[]> {
    return this.t.openAll(await this.t.rows.toArray());
  }
}
