import { describe, expect, it } from 'vitest';
import { CategoryKind, flattenStarterCategories, STARTER_CATEGORIES } from './index.js';

describe('starter categories', () => {
  const rows = flattenStarterCategories();

  it('has unique keys and puts every parent before its children', () => {
    expect(new Set(rows.map((row) => row.key)).size).toBe(rows.length);
    const seen = new Set<string>();
    for (const row of rows) {
      if (row.parentKey !== undefined) expect(seen.has(row.parentKey), row.key).toBe(true);
      seen.add(row.key);
    }
  });

  it('keeps two levels, and each child has its parent kind', () => {
    const byKey = new Map(rows.map((row) => [row.key, row]));
    for (const row of rows) {
      if (row.parentKey === undefined) continue;
      const parent = byKey.get(row.parentKey)!;
      expect(parent.parentKey, row.key).toBeUndefined();
      expect(row.kind, row.key).toBe(parent.kind);
    }
  });

  it('covers every kind, with unique names among siblings', () => {
    const roots = rows.filter((row) => row.parentKey === undefined);
    expect(new Set(roots.map((row) => row.kind))).toEqual(new Set(Object.values(CategoryKind)));
    const siblings = new Map<string, string[]>();
    for (const row of rows) {
      const key = `${row.kind}/${row.parentKey ?? ''}`;
      siblings.set(key, [...(siblings.get(key) ?? []), row.name]);
    }
    for (const names of siblings.values()) expect(new Set(names).size).toBe(names.length);
  });

  it('flattens in listed order with sibling positions', () => {
    const tree = [
      {
        key: 'expense.a',
        name: 'A',
        kind: CategoryKind.expense,
        children: [
          { key: 'expense.a.x', name: 'X', kind: CategoryKind.expense },
          { key: 'expense.a.y', name: 'Y', kind: CategoryKind.expense },
        ],
      },
      { key: 'income.b', name: 'B', kind: CategoryKind.income },
    ];
    expect(flattenStarterCategories(tree)).toEqual([
      { key: 'expense.a', parentKey: undefined, name: 'A', kind: 'expense', position: 0 },
      { key: 'expense.a.x', parentKey: 'expense.a', name: 'X', kind: 'expense', position: 0 },
      { key: 'expense.a.y', parentKey: 'expense.a', name: 'Y', kind: 'expense', position: 1 },
      { key: 'income.b', parentKey: undefined, name: 'B', kind: 'income', position: 1 },
    ]);
    expect(rows.length).toBeGreaterThan(STARTER_CATEGORIES.length);
  });
});
