/** What services need from the job queue; implemented by adapters/queue (BullMQ on PostgreSQL or Redis). */
export interface TaskQueuePort {
  enqueue(request: {
    queue: string;
    taskId: string;
    type: string;
    attempts: number;
    backoffMs: number;
    /** Waiting jobs of a queue start high first, then normal, then low (FIFO within each). */
    priority: 'high' | 'normal' | 'low';
  }): Promise<void>;
  /** False when a worker holds the job or it is gone. */
  remove(queue: string, taskId: string): Promise<boolean>;
  exists(queue: string, taskId: string): Promise<boolean>;
  /** Broadcast to every API and worker process. */
  publish(name: string, data: unknown): Promise<void>;
  subscribe(name: string, listener: (data: unknown) => void): () => void;
}

/** Broadcast names. */
export const TaskChannel = {
  /** A task's status or progress changed; data: TaskEvent. */
  updated: 'task.updated',
  /** Stop a running task; data: { taskId }. */
  cancel: 'task.cancel',
} as const;
