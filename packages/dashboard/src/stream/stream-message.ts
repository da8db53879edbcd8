import type { OutboxRecord } from "@stageflow/kernel";

/** The run status an event type moves its run to, when it does. */
const STATUS_OF: Readonly<Record<string, string>> = {
  "workflow:created": "PENDING",
  "workflow:started": "RUNNING",
  "workflow:rerun": "RUNNING",
  "workflow:completed": "COMPLETED",
  "workflow:failed": "FAILED",
  "workflow:cancelled": "CANCELLED",
};

/** What one `event: run` message of `GET /api/stream` carries. */
export interface StreamEventData {
  readonly workflowRunId: string;
  /** The outbox event type, e.g. `workflow:completed`, `stage:started`. */
  readonly type: string;
  readonly workflowId?: string;
  readonly stageId?: string;
  /** The run's new status, for the events that change it. */
  readonly status?: string;
}

/** The data of the SSE message for `event`. */
export function streamEventData(event: OutboxRecord): StreamEventData {
  const { workflowId, stageId } = event.payload;
  const status = STATUS_OF[event.type];
  return {
    workflowRunId: event.workflowRunId,
    type: event.type,
    ...(typeof workflowId === "string" ? { workflowId } : {}),
    ...(typeof stageId === "string" ? { stageId } : {}),
    ...(status ? { status } : {}),
  };
}

/** `event` as one SSE message (`event: run`, `id: <outbox event id>`, JSON `data`). */
export function formatStreamMessage(event: OutboxRecord): string {
  const id = event.id.replace(/[\r\n]/g, "");
  return `event: run\nid: ${id}\ndata: ${JSON.stringify(streamEventData(event))}\n\n`;
}
