import type { Transaction } from '@ledgerflow/contracts';
import { useInfiniteQuery, useQueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo } from 'react';
import type { Page } from '../../api/endpoints';

/**
 * Loads every page of a transaction listing, one after another, so the table fills in as they arrive
 * (1,000 rows a page for a statement: 10,000 rows are 10 requests), up to `maxRows`.
 */
export function useTransactionRows(
  key: QueryKey,
  fetchPage: (offset: number, signal: AbortSignal) => Promise<Page<Transaction>>,
  maxRows: number,
) {
  const client = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: 0,
    getNextPageParam: (last) => {
      const next = last.offset + last.items.length;
      return last.items.length > 0 && next < last.total && next < maxRows ? next : undefined;
    },
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage, isError } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isError, fetchNextPage]);

  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total ?? 0;

  /** Applies saved changes to the cached rows (no refetch of 10,000 rows for one edit). */
  const update = useCallback(
    (changed: Map<string, Partial<Transaction>>) => {
      client.setQueryData<InfiniteData<Page<Transaction>>>(key, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                items: page.items.map((t) => {
                  const patch = changed.get(t.id);
                  return patch ? { ...t, ...patch } : t;
                }),
              })),
            }
          : data,
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key's content, not its identity
    [client, JSON.stringify(key)],
  );

  return {
    rows,
    total,
    loading: query.isLoading,
    loadingMore: hasNextPage === true,
    truncated: total > rows.length && !hasNextPage && !query.isFetching,
    error: query.error,
    update,
  };
}
