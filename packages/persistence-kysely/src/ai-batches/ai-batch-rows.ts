import type { BatchedRequestSpec } from "@stageflow/core";
import type {
  AIBatchRecord,
  AIBatchRequestRecord,
  AIBatchRequestStatus,
  AIBatchStatusName,
} from "@stageflow/kernel";
import { readNumber, type ValueCodec } from "../codec/value-codec";

function json(codec: ValueCodec, value: unknown): unknown {
  return value === null || value === undefined ? null : codec.readJson(value);
}

/** A `stageflow_ai_batch_requests` row as an `AIBatchRequestRecord`. */
export function toAIBatchRequestRecord(
  row: Record<string, unknown>,
  codec: ValueCodec,
): AIBatchRequestRecord {
  return {
    id: row.id as string,
    workflowRunId: row.workflow_run_id as string,
    stageId: row.stage_id as string,
    stageRecordId: row.stage_record_id as string,
    attempt: readNumber(row.attempt),
    requestKey: row.request_key as string,
    provider: row.provider as string,
    model: row.model as string,
    spec: json(codec, row.spec) as BatchedRequestSpec,
    bytes: readNumber(row.bytes),
    status: row.status as AIBatchRequestStatus,
    batchId: (row.batch_id as string | null) ?? null,
    value: json(codec, row.value),
    error: (row.error as string | null) ?? null,
    inputTokens: readNumber(row.input_tokens),
    outputTokens: readNumber(row.output_tokens),
    cost: readNumber(row.cost),
    createdAt: codec.readTimestamp(row.created_at),
    updatedAt: codec.readTimestamp(row.updated_at),
  };
}

/** A `stageflow_ai_batches` row as an `AIBatchRecord`. */
export function toAIBatchRecord(row: Record<string, unknown>, codec: ValueCodec): AIBatchRecord {
  return {
    id: row.id as string,
    provider: row.provider as string,
    model: row.model as string,
    status: row.status as AIBatchStatusName,
    providerBatchId: (row.provider_batch_id as string | null) ?? null,
    metadata: json(codec, row.metadata) as Record<string, unknown> | null,
    requestIds: (json(codec, row.request_ids) as string[] | null) ?? [],
    claimedBy: (row.claimed_by as string | null) ?? null,
    claimedUntil: codec.readTimestampOrNull(row.claimed_until),
    nextPollAt: codec.readTimestampOrNull(row.next_poll_at),
    pollIntervalMs: readNumber(row.poll_interval_ms),
    providerStatus: (row.provider_status as string | null) ?? null,
    error: (row.error as string | null) ?? null,
    submittedAt: codec.readTimestampOrNull(row.submitted_at),
    endedAt: codec.readTimestampOrNull(row.ended_at),
    createdAt: codec.readTimestamp(row.created_at),
    updatedAt: codec.readTimestamp(row.updated_at),
  };
}
