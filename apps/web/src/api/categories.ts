import type { Category } from '@ledgerflow/contracts';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { categories } from './endpoints';

export interface CategoryIndex {
  list: Category[];
  /** id → "Group › Name" */
  label: Map<string, string>;
  /** Groups with their children, for <optgroup>s. */
  groups: { group: Category; children: Category[] }[];
}

/** The organization's categories, with display labels (two levels: a group and its categories). */
export function useCategories(): CategoryIndex & { isLoading: boolean; error: unknown } {
  const query = useQuery({ queryKey: ['categories'], queryFn: categories.list, staleTime: 60_000 });
  const index = useMemo(() => {
    const list = query.data?.items ?? [];
    const byId = new Map(list.map((c) => [c.id, c]));
    const label = new Map<string, string>();
    for (const c of list) {
      const parent = c.parent_id ? byId.get(c.parent_id) : undefined;
      label.set(c.id, parent ? `${parent.name} › ${c.name}` : c.name);
    }
    const byName = (a: Category, b: Category) => a.name.localeCompare(b.name);
    const groups = list
      .filter((c) => !c.parent_id)
      .sort(byName)
      .map((group) => ({ group, children: list.filter((c) => c.parent_id === group.id).sort(byName) }));
    return { list, label, groups };
  }, [query.data]);
  return { ...index, isLoading: query.isLoading, error: query.error };
}
