import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { RuleRow } from '../db/types.js';
import { STARTER_RULES } from '../domain/categories/starter-rules.js';

export interface RuleFields {
  name: string;
  priority: number;
  active: boolean;
  stopProcessing: boolean;
  conditions: unknown;
  actions: unknown;
}

/** Categorization rules; conditions and actions are stored as validated JSON. */
export class RuleRepository {
  constructor(private readonly db: Db) {}

  /** In evaluation order: priority, then id. `ids` narrows to those rules. */
  async list(
    organizationId: string,
    filter: { ids?: readonly string[] | undefined } = {},
  ): Promise<RuleRow[]> {
    let query = this.db.selectFrom('rules').selectAll().where('organizationId', '=', organizationId);
    if (filter.ids)
      query = filter.ids.length ? query.where('id', 'in', filter.ids) : query.where(sql<boolean>`false`);
    return query.orderBy('priority').orderBy('id').execute();
  }

  async findById(organizationId: string, id: string): Promise<RuleRow | undefined> {
    return this.db
      .selectFrom('rules')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** One past the highest priority, so a new rule runs last by default. */
  async nextPriority(organizationId: string): Promise<number> {
    const row = await this.db
      .selectFrom('rules')
      .select((eb) => eb.fn.max('priority').as('max'))
      .where('organizationId', '=', organizationId)
      .executeTakeFirst();
    return row?.max === null || row?.max === undefined ? 10 : Number(row.max) + 10;
  }

  async create(organizationId: string, fields: RuleFields): Promise<RuleRow> {
    return this.db
      .insertInto('rules')
      .values({ organizationId, ...json(fields) })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async update(organizationId: string, id: string, fields: RuleFields): Promise<RuleRow | undefined> {
    return this.db
      .updateTable('rules')
      .set({ ...json(fields), updatedAt: new Date() })
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async delete(organizationId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('rules')
      .where('organizationId', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /**
   * Adds the starter rules the organization does not have (by `starter_key`, however it edited them)
   * and whose category it still has (by the category's starter key), after its other rules, in the
   * starter order. One statement; the unique (organization, starter_key) index makes a concurrent call
   * insert nothing twice. Returns the rules added.
   */
  async addStarter(organizationId: string): Promise<RuleRow[]> {
    const values = sql.join(
      STARTER_RULES.map(
        (rule, index) =>
          sql`(${rule.key}::text, ${rule.name}::text, ${rule.categoryKey}::text, ${JSON.stringify(rule.conditions)}::jsonb, ${index + 1}::int)`,
      ),
    );
    const { rows } = await sql<{ id: string }>`
      INSERT INTO rules (organization_id, starter_key, name, priority, conditions, actions)
      SELECT ${organizationId}, v.key, v.name,
             least(coalesce(last.priority, 0) + 10 * v.position, 1000000),
             v.conditions,
             jsonb_build_array(jsonb_build_object('type', 'set_category', 'category_id', c.id))
      FROM (VALUES ${values}) AS v (key, name, category_key, conditions, position)
      JOIN categories c ON c.organization_id = ${organizationId} AND c.key = v.category_key
      CROSS JOIN (SELECT max(priority) AS priority FROM rules WHERE organization_id = ${organizationId}) last
      WHERE NOT EXISTS (
        SELECT 1 FROM rules r WHERE r.organization_id = ${organizationId} AND r.starter_key = v.key
      )
      ON CONFLICT DO NOTHING
      RETURNING id
    `.execute(this.db);
    return this.list(organizationId, { ids: rows.map((row) => row.id) });
  }

  /** Gives the rules priorities 10, 20, 30… in the order of `ids`; returns how many were updated. */
  async setOrder(organizationId: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await sql`
      UPDATE rules r SET priority = v.n * 10, updated_at = now()
      FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS v (id, n)
      WHERE r.id = v.id AND r.organization_id = ${organizationId}
    `.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }
}

const json = (fields: RuleFields) => ({
  ...fields,
  conditions: JSON.stringify(fields.conditions),
  actions: JSON.stringify(fields.actions),
});
