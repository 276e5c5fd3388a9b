/**
 * Event callbacks (background callbacks included) as MCP tasks (spec 2025-11-25): a `tools/call`
 * that carries `task` gets a task id at once, the run goes on without the request, and the
 * client polls `tasks/get`, waits on `tasks/result`, or ends it with `tasks/cancel` — which
 * cancels the run as the page's cancel input does (`ctx.signal` aborts, `finally` runs). The
 * SDK answers those requests from its task store; this store adds the link from a cancelled
 * task to its run. Progress notifications of a task's run are queued for `tasks/result` (at
 * most `MAX_QUEUED` per task: beyond, they are dropped; the result still has every prop's final
 * value).
 */
import { InMemoryTaskMessageQueue, InMemoryTaskStore } from "@modelcontextprotocol/sdk/experimental/tasks";
import type { Task } from "@modelcontextprotocol/sdk/types.js";

/** How long a task and its result are kept when the client asks for no TTL, and at most. */
export const DEFAULT_TASK_TTL_MS = 60 * 60 * 1000;
export const MAX_TASK_TTL_MS = 24 * 60 * 60 * 1000;
/** The poll interval suggested to clients. */
export const TASK_POLL_INTERVAL_MS = 500;
/** Queued messages (progress) per task before more are dropped. */
export const MAX_QUEUED = 1000;

/** The SDK's in-memory task store, which also cancels a task's run when the task is cancelled. */
export class RunTaskStore extends InMemoryTaskStore {
  private readonly cancels = new Map<string, () => void>();

  /** Call `listener` when `taskId` is cancelled (tasks/cancel). */
  onCancel(taskId: string, listener: () => void): void {
    this.cancels.set(taskId, listener);
  }

  /** The run of `taskId` ended. */
  forget(taskId: string): void {
    this.cancels.delete(taskId);
  }

  override async updateTaskStatus(taskId: string, status: Task["status"], statusMessage?: string, sessionId?: string): Promise<void> {
    await super.updateTaskStatus(taskId, status, statusMessage, sessionId);
    if (status !== "cancelled") return;
    const cancel = this.cancels.get(taskId);
    this.cancels.delete(taskId);
    cancel?.();
  }
}

/** The task machinery one app's sessions share. */
export interface McpTasks {
  readonly store: RunTaskStore;
  readonly queue: InMemoryTaskMessageQueue;
}

export function createMcpTasks(): McpTasks {
  return { store: new RunTaskStore(), queue: new InMemoryTaskMessageQueue() };
}

/** The TTL to keep a task for: the client's, within bounds. */
export function taskTtl(requested: number | undefined): number {
  if (requested === undefined || !Number.isFinite(requested) || requested <= 0) return DEFAULT_TASK_TTL_MS;
  return Math.min(requested, MAX_TASK_TTL_MS);
}
