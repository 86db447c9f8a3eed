/** Messages between a worker and its child processes (structured clone over IPC). */
export type ToChild = { type: 'run'; id: number; fn: string; input: unknown } | { type: 'abort'; id: number };

export type FromChild =
  | { type: 'progress'; id: number; percent: number; message: string }
  | { type: 'done'; id: number; ok: true; output: unknown }
  | {
      type: 'done';
      id: number;
      ok: false;
      error: { name: string; code?: string | undefined; message: string; permanent: boolean };
    };

export interface ChildContext {
  signal: AbortSignal;
  progress(percent: number, message: string): void;
}

export type ChildFunction = (input: never, ctx: ChildContext) => Promise<unknown>;
