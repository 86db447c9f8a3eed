import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { TaskView } from '../../src/services/task-view.js';
import { as, multipart, type TestUser } from '../support/api.js';
import { isFinished, waitForTask } from '../support/tasks.js';

export interface ImportOutcome {
  task_id: string;
  last: TaskView;
  seen: TaskView[];
  result: Record<string, unknown> | undefined;
}

/** Uploads a file to an import endpoint, waits for its task to finish, and reads the result. */
export async function importFile(
  app: FastifyInstance,
  user: TestUser,
  file: { name: string; content: Uint8Array; type?: string },
  fields: Record<string, string> = {},
  url = '/upload_pdf_async',
): Promise<ImportOutcome> {
  const res = await as(
    app,
    user,
  )({
    method: 'POST',
    url,
    ...multipart({
      ...fields,
      file: { filename: file.name, content: Buffer.from(file.content), type: file.type ?? 'application/pdf' },
    }),
  });
  expect(res.statusCode, res.body).toBe(202);
  const { task_id, status } = res.json<{ task_id: string; status: string }>();
  expect(status).toBe('submitted');
  const { last, seen } = await waitForTask(app, user, task_id, isFinished, 60_000);
  let result: Record<string, unknown> | undefined;
  if (last.status === 'SUCCESS') {
    const out = await as(app, user)({ method: 'GET', url: `/tasks/${task_id}/result` });
    expect(out.statusCode, out.body).toBe(200);
    result = out.json<{ result: Record<string, unknown> }>().result;
  }
  return { task_id, last, seen, result };
}

export async function getJson<T>(app: FastifyInstance, user: TestUser, url: string): Promise<T> {
  const res = await as(app, user)({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
}

export interface TransactionJson {
  id: string;
  date: string;
  description: string;
  amount_minor: number;
  amount: string;
  balance_minor: number | null;
  category_id: string | null;
  category_source: string | null;
  tags: string[];
  payee: string | null;
  note: string | null;
  bank_reference: string | null;
}

/** Every transaction of a statement, in statement order. */
export async function statementTransactions(app: FastifyInstance, user: TestUser, statementId: string) {
  const page = await getJson<{ items: TransactionJson[]; total: number }>(
    app,
    user,
    `/statements/${statementId}/transactions?limit=1000`,
  );
  expect(page.items.length).toBe(page.total);
  return page.items;
}
