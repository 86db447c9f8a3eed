import { notFound } from '../errors.js';
import type { Repositories } from '../repositories/index.js';

/**
 * A report or schedule names accounts and categories by id; another organization's id is a 404, as an
 * unknown `statement_id` is (queries are scoped anyway, so it could only ever select nothing).
 */
export async function assertFilterIdsOwned(
  repos: Pick<Repositories, 'statements' | 'categories'>,
  organizationId: string,
  scope: { account_id?: readonly string[] | undefined; category_id?: readonly string[] | undefined },
): Promise<void> {
  const accounts = [...new Set(scope.account_id ?? [])];
  if (accounts.length > 0) {
    const owned = await repos.statements.existingAccounts(organizationId, accounts);
    if (owned.size !== accounts.length) throw notFound('Account');
  }
  const categories = [...new Set((scope.category_id ?? []).filter((id) => id !== 'none'))];
  if (categories.length > 0) {
    const owned = await repos.categories.existing(organizationId, categories);
    if (owned.size !== categories.length) throw notFound('Category');
  }
}
