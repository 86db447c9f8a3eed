import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { RuleRow } from '../db/types.js';

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
