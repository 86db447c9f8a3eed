import type { Selectable, SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/types.js';

/** Tables listed newest first, with `created_at` and a unique `id` to break ties. */
type Listed =
  | 'files'
  | 'auditLog'
  | 'tasks'
  | 'invoices'
  | 'statements'
  | 'reports'
  | 'reportSchedules'
  | 'webhookEndpoints'
  | 'webhookDeliveries';

/**
 * One page of a filtered listing, newest first (ties broken by id so pages never overlap), and the total
 * count of the same filter, read in parallel.
 */
export async function newestFirstPage<T extends Listed>(
  query: SelectQueryBuilder<Database, T, object>,
  page: { limit: number; offset: number },
): Promise<{ items: Array<Selectable<Database[T]>>; total: number }> {
  const q = query as unknown as SelectQueryBuilder<Database, Listed, object>;
  const [items, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items as Array<Selectable<Database[T]>>, total: Number(count.n) };
}
