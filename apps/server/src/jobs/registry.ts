import type { Static, TSchema } from 'typebox';
import type { Logger } from 'pino';
import { TASK_TYPES, type TaskType } from '../domain/tasks.js';

/** What a handler gets besides its payload. */
export interface JobContext {
  taskId: string;
  organizationId: string;
  userId: string | null;
  attempt: number;
  maxAttempts: number;
  /** Aborted on cancel, at the soft time limit and at shutdown: stop, roll back, throw. */
  signal: AbortSignal;
  /** Reports progress: written and broadcast at most once per PROGRESS_THROTTLE_MS. */
  progress(percent: number, message: string): Promise<void>;
  /** Runs a CPU-heavy function in a child process (killed at the hard time limit). */
  runInChild<T>(fn: string, input: unknown): Promise<T>;
  logger: Logger;
}

export interface TaskDefinition<S extends TSchema = TSchema> {
  type: TaskType;
  payload: S;
  handler(payload: Static<S>, ctx: JobContext): Promise<unknown>;
}

export function defineTask<S extends TSchema>(definition: TaskDefinition<S>): TaskDefinition<S> {
  return definition;
}

/**
 * Task type → payload schema and handler. Built once from the task definitions; refuses duplicates, and
 * `assertComplete` refuses to start a worker when a catalogued task type has no handler.
 */
export class JobRegistry {
  private readonly definitions = new Map<string, TaskDefinition>();

  constructor(definitions: readonly TaskDefinition[]) {
    for (const definition of definitions) {
      if (this.definitions.has(definition.type))
        throw new Error(`Task type ${definition.type} has two handlers`);
      this.definitions.set(definition.type, definition);
    }
  }

  get(type: string): TaskDefinition | undefined {
    return this.definitions.get(type);
  }

  assertComplete(): void {
    const missing = Object.keys(TASK_TYPES).filter((type) => !this.definitions.has(type));
    if (missing.length > 0) throw new Error(`No handler for task type(s): ${missing.join(', ')}`);
  }
}
