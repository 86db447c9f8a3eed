import { sql, type QueryExecutorProvider } from 'kysely';
import { flattenStarterCategories } from '../domain/categories/index.js';

/**
 * Inserts the starter categories (domain/categories/starter.ts) for one organization, or for every
 * organization when none is given (the 0004 migration). Idempotent: a category whose key or name the
 * organization already has is left alone, and so are the children of a group that was not inserted.
 * Two set-based statements (groups, then their children), so seeding every organization is one pass.
 */
export async function seedStarterCategories(
  db: QueryExecutorProvider,
  organizationId?: string,
): Promise<void> {
  const rows = flattenStarterCategories();
  const values = (level: 'top' | 'child') =>
    sql.join(
      rows
        .filter((row) => (level === 'top') === (row.parentKey === undefined))
        .map((row) => sql`(${row.key}, ${row.parentKey ?? null}, ${row.name}, ${row.kind})`),
    );
  const which = organizationId ? sql`WHERE o.id = ${organizationId}` : sql``;
  await sql`
    INSERT INTO categories (organization_id, key, name, kind)
    SELECT o.id, v.key, v.name, v.kind
    FROM organizations o CROSS JOIN (VALUES ${values('top')}) AS v (key, parent_key, name, kind)
    ${which}
    ON CONFLICT DO NOTHING
  `.execute(db);
  await sql`
    INSERT INTO categories (organization_id, parent_id, key, name, kind)
    SELECT o.id, p.id, v.key, v.name, v.kind
    FROM organizations o
    CROSS JOIN (VALUES ${values('child')}) AS v (key, parent_key, name, kind)
    JOIN categories p ON p.organization_id = o.id AND p.key = v.parent_key
    ${which}
    ON CONFLICT DO NOTHING
  `.execute(db);
}
