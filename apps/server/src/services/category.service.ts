import type { CategoryKind, CategoryRow } from '../db/types.js';
import { AppError, notFound } from '../errors.js';
import { isUniqueViolation, type Repositories, type Transactor } from '../repositories/index.js';
import type { Principal } from './principal.js';

export interface CategoryServiceDeps {
  repos: Pick<Repositories, 'categories'>;
  transaction: Transactor;
}

export const CategoryErrorCode = {
  IN_USE: 'CATEGORY_IN_USE',
  HAS_CHILDREN: 'CATEGORY_HAS_CHILDREN',
  NAME_TAKEN: 'CATEGORY_NAME_TAKEN',
  INVALID_PARENT: 'CATEGORY_INVALID_PARENT',
  INVALID_REASSIGN: 'CATEGORY_INVALID_REASSIGN',
} as const;

export interface CategoryInput {
  name: string;
  kind?: CategoryKind | undefined;
  parentId?: string | null | undefined;
}

const nameTaken = () =>
  new AppError(
    CategoryErrorCode.NAME_TAKEN,
    409,
    'A category with this name already exists under this parent',
  );

/**
 * The organization's categories: two levels (a group and its categories, like the starter set), each
 * with a kind; a child always has its group's kind.
 */
export class CategoryService {
  constructor(private readonly deps: CategoryServiceDeps) {}

  list(principal: Principal): Promise<CategoryRow[]> {
    return this.deps.repos.categories.list(principal.organizationId);
  }

  async get(principal: Principal, id: string): Promise<CategoryRow> {
    const row = await this.deps.repos.categories.findById(principal.organizationId, id);
    if (!row) throw notFound('Category');
    return row;
  }

  async create(principal: Principal, input: CategoryInput): Promise<CategoryRow> {
    const orgId = principal.organizationId;
    const parent = input.parentId ? await this.parent(principal, input.parentId) : undefined;
    const kind = parent?.kind ?? input.kind;
    if (!kind) throw invalidParent('A top-level category needs a kind (income, expense or transfer)');
    if (parent && input.kind && input.kind !== parent.kind)
      throw invalidParent(`A category has its group's kind (${parent.kind})`);
    try {
      return await this.deps.repos.categories.create(orgId, {
        name: input.name.trim(),
        kind,
        parentId: parent?.id ?? null,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken();
      throw error;
    }
  }

  async update(principal: Principal, id: string, input: Partial<CategoryInput>): Promise<CategoryRow> {
    const orgId = principal.organizationId;
    return this.deps.transaction(async (repos) => {
      const current = await repos.categories.findById(orgId, id);
      if (!current) throw notFound('Category');
      const parentId = input.parentId === undefined ? current.parentId : input.parentId;
      let kind = input.kind ?? current.kind;
      if (parentId) {
        if (parentId === id) throw invalidParent('A category cannot be its own parent');
        const parent = await this.parent(principal, parentId);
        if ((await repos.categories.usage(orgId, id)).children > 0)
          throw invalidParent('A group with categories cannot move under another group');
        if (input.kind && input.kind !== parent.kind)
          throw invalidParent(`A category has its group's kind (${parent.kind})`);
        kind = parent.kind;
      }
      try {
        const row = await repos.categories.update(orgId, id, {
          name: input.name?.trim(),
          kind,
          parentId,
        });
        if (!row) throw notFound('Category');
        if (!row.parentId) await repos.categories.setChildrenKind(orgId, id, row.kind);
        return row;
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken();
        throw error;
      }
    });
  }

  /**
   * Deletes a category. One that transactions or rules use needs a decision: `reassignTo` moves them
   * to another category, `uncategorize` leaves the transactions uncategorized and deactivates the
   * rules; without either it is refused (409 CATEGORY_IN_USE, with the counts).
   */
  async delete(
    principal: Principal,
    id: string,
    options: { reassignTo?: string | undefined; uncategorize?: boolean | undefined },
  ): Promise<void> {
    const orgId = principal.organizationId;
    await this.deps.transaction(async (repos) => {
      if (!(await repos.categories.findById(orgId, id))) throw notFound('Category');
      const usage = await repos.categories.usage(orgId, id);
      if (usage.children > 0) {
        throw new AppError(
          CategoryErrorCode.HAS_CHILDREN,
          409,
          `The category has ${usage.children} categories under it; delete or move them first`,
        );
      }
      if (options.reassignTo) {
        if (options.reassignTo === id)
          throw new AppError(
            CategoryErrorCode.INVALID_REASSIGN,
            422,
            'Cannot reassign to the deleted category',
          );
        if (!(await repos.categories.findById(orgId, options.reassignTo)))
          throw notFound('Category to reassign to');
        await repos.categories.reassign(orgId, id, options.reassignTo);
      } else if (options.uncategorize) {
        await repos.categories.uncategorize(orgId, id);
      } else if (usage.transactions > 0 || usage.rules > 0) {
        throw new AppError(
          CategoryErrorCode.IN_USE,
          409,
          `The category is used by ${usage.transactions} transactions and ${usage.rules} rules; ` +
            'pass ?reassign_to=<category id> or ?uncategorize=true',
          [
            { path: '/transactions', message: String(usage.transactions) },
            { path: '/rules', message: String(usage.rules) },
          ],
        );
      }
      await repos.categories.delete(orgId, id);
    });
  }

  private async parent(principal: Principal, parentId: string): Promise<CategoryRow> {
    const parent = await this.deps.repos.categories.findById(principal.organizationId, parentId);
    if (!parent) throw invalidParent('The parent category does not exist');
    if (parent.parentId)
      throw invalidParent('Categories are two levels deep: the parent must be a top-level group');
    return parent;
  }
}

const invalidParent = (message: string) => new AppError(CategoryErrorCode.INVALID_PARENT, 422, message);
