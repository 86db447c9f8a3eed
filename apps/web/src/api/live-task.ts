import type { TaskStatusView } from '@ledgerflow/contracts';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { tokenForStream } from './client';
import { tasks } from './endpoints';

export const FINISHED = new Set<TaskStatusView['status']>(['SUCCESS', 'FAILED', 'CANCELLED']);
export const isFinished = (task: TaskStatusView | undefined) =>
  task !== undefined && FINISHED.has(task.status);

export const taskKey = (id: string) => ['task', id] as const;

/** Keeps the newest view: broadcasts may arrive out of order, and a finished task never goes back. */
export function mergeTask(client: QueryClient, view: TaskStatusView): void {
  client.setQueryData<TaskStatusView>(taskKey(view.task_id), (old) => {
    if (!old) return view;
    if (FINISHED.has(old.status) && !FINISHED.has(view.status)) return old;
    return view.updated_at >= old.updated_at || FINISHED.has(view.status) ? view : old;
  });
}

/**
 * A task's live status: Server-Sent Events (`/tasks/{id}/events`) while they work, polling every
 * second when they do not (a proxy that buffers, an expired token, an old browser). While streaming it
 * still polls every few seconds: a change published while the stream's subscription was still being
 * set up is never sent, and a quick task could otherwise sit at "Waiting" although it has finished.
 */
export function useLiveTask(taskId: string | null | undefined): TaskStatusView | undefined {
  const client = useQueryClient();
  const [streaming, setStreaming] = useState(false);
  const query = useQuery({
    queryKey: taskKey(taskId ?? 'none'),
    queryFn: () => tasks.status(taskId!),
    enabled: Boolean(taskId),
    refetchInterval: (q) => (isFinished(q.state.data) ? false : streaming ? 3000 : 1000),
  });
  const finished = isFinished(query.data);

  useEffect(() => {
    if (!taskId || finished || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let closed = false;
    void tokenForStream().then((token) => {
      if (closed || !token) return;
      source = new EventSource(`/tasks/${taskId}/events?access_token=${encodeURIComponent(token)}`);
      source.addEventListener('open', () => setStreaming(true));
      source.addEventListener('task', (event) => {
        const view = JSON.parse((event as MessageEvent<string>).data) as TaskStatusView;
        mergeTask(client, view);
        if (FINISHED.has(view.status)) source?.close();
      });
      source.addEventListener('error', () => {
        // The stream ended or failed: fall back to polling (EventSource would retry with a stale token).
        source?.close();
        setStreaming(false);
      });
    });
    return () => {
      closed = true;
      source?.close();
      setStreaming(false);
    };
  }, [taskId, finished, client]);

  return query.data;
}

/**
 * Every change of every task the user may see, over the `/ws/tasks` WebSocket: updates the cached
 * task views and calls `onChange` (throttled by the caller) so lists can refresh.
 */
export function useTaskSocket(onChange: (view: TaskStatusView) => void): boolean {
  const client = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    let socket: WebSocket | null = null;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = async () => {
      const token = await tokenForStream();
      if (stopped || !token) return;
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      socket = new WebSocket(
        `${scheme}://${location.host}/ws/tasks?access_token=${encodeURIComponent(token)}`,
      );
      socket.addEventListener('message', (event) => {
        const message = JSON.parse(String(event.data)) as { type: string; task?: TaskStatusView };
        if (message.type === 'ready') setLive(true);
        if (message.type === 'task' && message.task) {
          mergeTask(client, message.task);
          onChange(message.task);
        }
      });
      socket.addEventListener('close', () => {
        setLive(false);
        if (!stopped) retry = setTimeout(() => void connect(), 3000);
      });
    };
    void connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, [client, onChange]);
  return live;
}
