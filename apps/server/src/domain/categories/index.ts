/**
 * Categories: the kinds, and the starter set a new organization gets (issue 6).
 *
 *   STARTER_CATEGORIES          the tree (group → category), as data
 *   flattenStarterCategories()  the same as rows, parents before children, ready to insert:
 *                               map each `key` to a new id, then `parentKey` to the parent's id
 */
import { STARTER_CATEGORIES, type CategoryKind, type StarterCategory } from './starter.js';

export { CategoryKind, STARTER_CATEGORIES, type StarterCategory } from './starter.js';

export interface StarterCategoryRow {
  key: string;
  parentKey: string | undefined;
  name: string;
  kind: CategoryKind;
  /** Order among its siblings, from 0, as listed. */
  position: number;
}

export function flattenStarterCategories(
  categories: readonly StarterCategory[] = STARTER_CATEGORIES,
): StarterCategoryRow[] {
  const rows: StarterCategoryRow[] = [];
  const visit = (list: readonly StarterCategory[], parentKey: string | undefined) => {
    list.forEach((category, position) => {
      rows.push({ key: category.key, parentKey, name: category.name, kind: category.kind, position });
      visit(category.children ?? [], category.key);
    });
  };
  visit(categories, undefined);
  return rows;
}
