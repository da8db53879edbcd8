import type { StageProgress, StageRecord, StageStatus, StoredError } from "@stageflow/kernel";
import { readNumber, readNumberOrNull, type ValueCodec } from "./value-codec";

/** Converts a `stageflow_stages` row to a `StageRecord`. */
export function toStageRecord(row: Record<string, unknown>, codec: ValueCodec): StageRecord {
  return {
    id: row.id as string,
    workflowRunId: row.workflow_run_id as string,
    stageId: row.stage_id as string,
    stageName: row.stage_name as string,
    groupIndex: readNumber(row.group_index),
    status: row.status as StageStatus,
    attempt: readNumber(row.attempt),
    outputRef: (row.output_ref as string | null) ?? null,
    suspendedState: codec.readJson(row.suspended_state) as Record<string, unknown> | null,
    nextPollAt: codec.readTimestampOrNull(row.next_poll_at),
    pollIntervalMs: readNumberOrNull(row.poll_interval_ms),
    maxWaitUntil: codec.readTimestampOrNull(row.max_wait_until),
    error: codec.readJson(row.error) as StoredError | null,
    progress: codec.readJson(row.progress) as StageProgress | null,
    metrics: codec.readJson(row.metrics) as Record<string, number> | null,
    cost: readNumber(row.cost),
    inputTokens: readNumber(row.input_tokens),
    outputTokens: readNumber(row.output_tokens),
    startedAt: codec.readTimestampOrNull(row.started_at),
    completedAt: codec.readTimestampOrNull(row.completed_at),
    durationMs: readNumberOrNull(row.duration_ms),
    traceparent: (row.traceparent as string | null | undefined) ?? null,
    createdAt: codec.readTimestamp(row.created_at),
    updatedAt: codec.readTimestamp(row.updated_at),
    version: readNumber(row.version),
  };
}
