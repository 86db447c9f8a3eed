import type { TransactionFilter as FilterQuery } from '@ledgerflow/contracts';
import { decimalToMinor } from '../domain/money.js';
import { AppError, ErrorCode } from '../errors.js';
import type { TransactionFilter } from '../repositories/index.js';

/**
 * The API's transaction filter (snake_case, decimal amounts, `none` for uncategorized) as the
 * repository's. Amounts are read with two decimals, the common case; the filter is a range, so a
 * zero-decimal currency's "100" still means 100 units.
 */
export function toTransactionFilter(query: FilterQuery): TransactionFilter {
  const amount = (text: string | undefined, field: string) => {
    if (text === undefined) return undefined;
    const minor = decimalToMinor(text, 'ZAR');
    if (minor === undefined) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 400, `${field} is not an amount`, [
        { path: `/${field}`, message: 'must be a decimal amount like -50 or 1234.56' },
      ]);
    }
    return minor;
  };
  return {
    statementId: query.statement_id,
    accountIds: query.account_id,
    dateFrom: query.date_from,
    dateTo: query.date_to,
    amountMinMinor: amount(query.amount_min, 'amount_min'),
    amountMaxMinor: amount(query.amount_max, 'amount_max'),
    categoryIds: query.category_id?.map((id) => (id === 'none' ? null : id)),
    text: query.q,
  };
}
