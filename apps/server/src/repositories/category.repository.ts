import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { seedStarterCategories } from '../db/seed-categories.js';
import type { CategoryKind, CategoryRow } from '../db/types.js';

export interface CategoryUsage {
  transactions: number;
  rules: number;
  children: number;
}

/** The organization's categories (two levels: group → category). */
export class CategoryRepository {
  constructor(private readonly db: Db) {}

  /** The starter set for a new organization (idempotent). */
  async seedStarter(organizationId: string): Promise<void> {
    await seedStarterCategories(this.db, organizationId);
  }

  /** Groups first, each followed by its children, by name. */
  async list(organizationId: string): Promise<CategoryRow[]> {
    return this.db
      .selectFrom('categories as c')
      .leftJoin('categories as p', 'p.id', 'c.parentId')
      .selectAll('c')
      .where('c.organizationId', '=', organizationId)
      .orderBy(sql`lower(coalesce(p.name, c.name))`)
      .orderBy(sql`coalesce(p.id, c.id)`)
      .orderBy(sql`c.parent_id IS NOT NULL`)
      .orderBy(sql`lower(c.name)`)
      .orderBy('c.id')
      .execute();
  }

  async findById(organizationId: string, id: string): Promise<CategoryRow | undefined> {
    return this.db
      .selectFrom('categories')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Which of `ids` are the organization's categories. */
  async existing(organizationId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('categories')
      .select('id')
      .where('organizationId', '=', organizationId)
      .where('id', 'in', ids)
      .execute();
    return new Set(rows.map((row) => row.id));
  }

  async allIds(organizationId: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('categories')
      .select('id')
      .where('organizationId', '=', organizationId)
      .execute();
    return new Set(rows.map((row) => row.id));
  }

  async names(organizationId: string): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom('categories')
      .select(['id', 'name'])
      .where('organizationId', '=', organizationId)
      .execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  async create(
    organizationId: string,
    input: { name: string; kind: CategoryKind; parentId: string | null },
  ): Promise<CategoryRow> {
    return this.db
      .insertInto('categories')
      .values({ organizationId, ...input })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async update(
    organizationId: string,
    id: string,
    changes: {
      name?: string | undefined;
      kind?: CategoryKind | undefined;
      parentId?: string | null | undefined;
    },
  ): Promise<CategoryRow | undefined> {
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    return this.db
      .updateTable('categories')
      .set({ ...set, updatedAt: new Date() })
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** A group's kind is its children's kind: changing one changes both. */
  async setChildrenKind(organizationId: string, parentId: string, kind: CategoryKind): Promise<void> {
    await this.db
      .updateTable('categories')
      .set({ kind, updatedAt: new Date() })
      .where('organizationId', '=', organizationId)
      .where('parentId', '=', parentId)
      .where('kind', '!=', kind)
      .execute();
  }

  async usage(organizationId: string, id: string): Promise<CategoryUsage> {
    const row = await sql<CategoryUsage>`
      SELECT
        (SELECT count(*) FROM transactions WHERE organization_id = ${organizationId} AND category_id = ${id}) AS transactions,
        (SELECT count(*) FROM rules WHERE organization_id = ${organizationId} AND actions @> ${setCategory(id)}::jsonb) AS rules,
        (SELECT count(*) FROM categories WHERE organization_id = ${organizationId} AND parent_id = ${id}) AS children
    `.execute(this.db);
    return row.rows[0]!;
  }

  /** Moves the category's transactions (keeping who set them) and its rules' actions to `to`. */
  async reassign(organizationId: string, from: string, to: string): Promise<void> {
    await this.db
      .updateTable('transactions')
      .set({ categoryId: to, updatedAt: new Date() })
      .where('organizationId', '=', organizationId)
      .where('categoryId', '=', from)
      .execute();
    await sql`
      UPDATE rules SET updated_at = now(), actions = (
        SELECT jsonb_agg(
          CASE WHEN a->>'type' = 'set_category' AND a->>'category_id' = ${from}
            THEN jsonb_set(a, '{category_id}', to_jsonb(${to}::text)) ELSE a END ORDER BY n)
        FROM jsonb_array_elements(actions) WITH ORDINALITY AS e (a, n))
      WHERE organization_id = ${organizationId} AND actions @> ${setCategory(from)}::jsonb
    `.execute(this.db);
  }

  /**
   * Leaves the category's transactions uncategorized, and deactivates the rules that set it (they keep
   * their other settings; saving one again requires an existing category).
   */
  async uncategorize(organizationId: string, id: string): Promise<void> {
    await this.db
      .updateTable('transactions')
      .set({ categoryId: null, categorySource: null, ruleId: null, updatedAt: new Date() })
      .where('organizationId', '=', organizationId)
      .where('categoryId', '=', id)
      .execute();
    await sql`
      UPDATE rules SET active = false, updated_at = now()
      WHERE organization_id = ${organizationId} AND actions @> ${setCategory(id)}::jsonb
    `.execute(this.db);
  }

  async delete(organizationId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('categories')
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

const setCategory = (id: string) => JSON.stringify([{ type: 'set_category', category_id: id }]);
