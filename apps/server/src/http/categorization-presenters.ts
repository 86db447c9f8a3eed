import type { Category, RuleView } from '@ledgerflow/contracts';
import type { CategoryRow, RuleRow } from '../db/types.js';

/** Wire shapes of categories and rules (snake_case, ISO times). */
export const presentCategorization = {
  category: (c: CategoryRow): Category => ({
    id: c.id,
    parent_id: c.parentId,
    key: c.key,
    name: c.name,
    kind: c.kind,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  }),
  rule: (r: RuleRow): RuleView => ({
    id: r.id,
    name: r.name,
    priority: r.priority,
    active: r.active,
    stop_processing: r.stopProcessing,
    // Every write is validated whole (RuleService.validate), and migration 0007 converted older rows.
    conditions: r.conditions as RuleView['conditions'],
    actions: r.actions as RuleView['actions'],
    starter_key: r.starterKey,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  }),
};
