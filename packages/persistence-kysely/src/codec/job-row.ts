import type { JobRecord, JobStatus } from "@stageflow/kernel";
import { readNumber, type ValueCodec } from "./value-codec";

/** Converts a `stageflow_jobs` row to a `JobRecord`. */
export function toJobRecord(row: Record<string, unknown>, codec: ValueCodec): JobRecord {
  return {
    id: row.id as string,
    workflowRunId: row.workflow_run_id as string,
    workflowId: row.workflow_id as string,
    stageId: row.stage_id as string,
    status: row.status as JobStatus,
    priority: readNumber(row.priority),
    attempt: readNumber(row.attempt),
    maxAttempts: readNumber(row.max_attempts),
    payload: (codec.readJson(row.payload) ?? {}) as Record<string, unknown>,
    availableAt: codec.readTimestamp(row.available_at),
    lockedBy: (row.locked_by as string | null) ?? null,
    lockedAt: codec.readTimestampOrNull(row.locked_at),
    heartbeatAt: codec.readTimestampOrNull(row.heartbeat_at),
    lastError: (row.last_error as string | null) ?? null,
    createdAt: codec.readTimestamp(row.created_at),
    updatedAt: codec.readTimestamp(row.updated_at),
  };
}

/** Sorts jobs as `dequeue` hands them out: priority descending, then oldest, then id. */
export function compareJobs(a: JobRecord, b: JobRecord): number {
  return (
    b.priority - a.priority ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
