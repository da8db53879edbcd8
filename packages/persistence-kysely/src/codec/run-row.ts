import type { RunRecord, RunStatus, RunSummaryRecord, StoredError } from "@stageflow/kernel";
import { readNumber, type ValueCodec } from "./value-codec";

/** A raw `stageflow_runs` row as a driver returns it. */
export type RunRow = Record<string, unknown>;

/** Converts a `stageflow_runs` row to a `RunRecord`. */
export function toRunRecord(row: RunRow, codec: ValueCodec): RunRecord {
  return {
    ...toRunSummaryRecord(row, codec),
    input: codec.readJson(row.input),
    config: codec.readJson(row.config) as Record<string, unknown>,
    output: codec.readJson(row.output),
  };
}

/**
 * Converts a `stageflow_runs` row (input, config and output may be absent) to a
 * `RunSummaryRecord`; every timestamp becomes a `Date` on both dialects.
 */
export function toRunSummaryRecord(row: RunRow, codec: ValueCodec): RunSummaryRecord {
  return {
    id: row.id as string,
    workflowId: row.workflow_id as string,
    status: row.status as RunStatus,
    priority: readNumber(row.priority),
    metadata: codec.readJson(row.metadata) as Record<string, unknown> | null,
    currentGroup: row.current_group === null ? null : readNumber(row.current_group),
    error: codec.readJson(row.error) as StoredError | null,
    cancelReason: (row.cancel_reason as string | null | undefined) ?? null,
    totalCost: readNumber(row.total_cost),
    totalTokens: readNumber(row.total_tokens),
    budgetUsd:
      row.budget_usd === null || row.budget_usd === undefined ? null : readNumber(row.budget_usd),
    claimedBy: (row.claimed_by as string | null) ?? null,
    traceparent: (row.traceparent as string | null | undefined) ?? null,
    tracestate: (row.tracestate as string | null | undefined) ?? null,
    createdAt: codec.readTimestamp(row.created_at),
    startedAt: codec.readTimestampOrNull(row.started_at),
    completedAt: codec.readTimestampOrNull(row.completed_at),
    updatedAt: codec.readTimestamp(row.updated_at),
    version: readNumber(row.version),
  };
}
