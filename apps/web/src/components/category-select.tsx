import type { SelectHTMLAttributes } from 'react';
import type { CategoryIndex } from '../api/categories';

/** A category picker grouped by category group; `''` is "uncategorized". */
export function CategorySelect({
  index,
  emptyLabel = 'Uncategorized',
  ...props
}: { index: CategoryIndex; emptyLabel?: string } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select {...props}>
      <option value="">{emptyLabel}</option>
      {index.groups.map(({ group, children }) =>
        children.length === 0 ? (
          <option key={group.id} value={group.id}>
            {group.name}
          </option>
        ) : (
          <optgroup key={group.id} label={group.name}>
            <option value={group.id}>{group.name} (general)</option>
            {children.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </optgroup>
        ),
      )}
    </select>
  );
}
