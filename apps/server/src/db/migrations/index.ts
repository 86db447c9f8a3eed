import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_tasks.js';
import * as m0003 from './0003_statements.js';
import * as m0004 from './0004_categorization.js';
import * as m0005 from './0005_reports.js';
import * as m0006 from './0006_invoices.js';
import * as m0007 from './0007_rule_amounts.js';
import * as m0007b from './0007_starter_rules.js';
import * as m0008 from './0008_webhooks.js';
import * as m0009 from './0009_task_priority.js';

/**
 * Every migration, in order. Listed in code rather than read from a folder so the compiled build and
 * the test runner see exactly the same set.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_tasks': m0002,
  '0003_statements': m0003,
  '0004_categorization': m0004,
  '0005_reports': m0005,
  '0006_invoices': m0006,
  '0007_rule_amounts': m0007,
  '0007_starter_rules': m0007b,
  '0008_webhooks': m0008,
  '0009_task_priority': m0009,
};
