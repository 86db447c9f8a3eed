import { Type, type Static } from 'typebox';
import { PageQuery, Timestamp, Uuid } from './common.js';

export const TaskStatus = Type.Union([
  Type.Literal('PENDING'),
  Type.Literal('PROCESSING'),
  Type.Literal('SUCCESS'),
  Type.Literal('FAILED'),
  Type.Literal('CANCELLED'),
]);

const priority = (options: { default?: string } = {}) =>
  Type.Union([Type.Literal('high'), Type.Literal('normal'), Type.Literal('low')], {
    description: 'Among waiting tasks of the same queue, high ones start first and low ones last',
    ...options,
  });
export const TaskPriority = priority();
export type TaskPriority = Static<typeof TaskPriority>;

/** The query string every submit endpoint takes. */
export const SubmitQuery = Type.Object(
  { priority: Type.Optional(priority({ default: 'normal' })) },
  { additionalProperties: false },
);
export type SubmitQuery = Static<typeof SubmitQuery>;

export const TaskError = Type.Union([
  Type.Object({ code: Type.String(), message: Type.String() }),
  Type.Null(),
]);

export const TaskStatusView = Type.Object({
  task_id: Uuid,
  task_name: Type.String(),
  queue: Type.String(),
  status: TaskStatus,
  progress_percent: Type.Integer({ minimum: 0, maximum: 100 }),
  progress_message: Type.Union([Type.String(), Type.Null()]),
  attempt: Type.Integer(),
  max_attempts: Type.Integer(),
  next_retry_at: Type.Union([Timestamp, Type.Null()]),
  error: TaskError,
  created_at: Timestamp,
  started_at: Type.Union([Timestamp, Type.Null()]),
  finished_at: Type.Union([Timestamp, Type.Null()]),
  updated_at: Timestamp,
  result_expires_at: Type.Union([Timestamp, Type.Null()]),
  priority: TaskPriority,
});
export type TaskStatusView = Static<typeof TaskStatusView>;

/** The original system's answer to every submit endpoint. */
export const TaskSubmitted = Type.Object({ task_id: Uuid, status: Type.Literal('submitted') });
export type TaskSubmitted = Static<typeof TaskSubmitted>;

export const TaskResultView = Type.Object({
  task_id: Uuid,
  status: TaskStatus,
  result: Type.Unknown(),
  error: TaskError,
});

export const TaskCancelView = Type.Object({ task_id: Uuid, status: TaskStatus, message: Type.String() });

export const TaskParams = Type.Object({ task_id: Uuid }, { additionalProperties: false });
export type TaskParams = Static<typeof TaskParams>;

export const TaskListQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(TaskStatus),
    type: Type.Optional(Type.String({ maxLength: 64 })),
    since: Type.Optional(Timestamp),
    until: Type.Optional(Timestamp),
    all: Type.Optional(Type.Boolean({ description: "Admins: the whole organization's tasks" })),
  },
  { additionalProperties: false },
);
export type TaskListQuery = Static<typeof TaskListQuery>;

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' }),
  ),
});

export const SleepDemoBody = Type.Object(
  {
    seconds: Type.Number({ minimum: 0, maximum: 3600 }),
    steps: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 10 })),
    fail_times: Type.Optional(Type.Integer({ minimum: 0, maximum: 20, default: 0 })),
    permanent_failure: Type.Optional(Type.Boolean({ default: false })),
    cpu_bound: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type SleepDemoBody = Static<typeof SleepDemoBody>;
