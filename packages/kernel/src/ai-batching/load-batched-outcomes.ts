import type { BatchedRequestOutcome, BatchedRequestStatus } from "@stageflow/core";
import type { AIBatchRequestRecord, AIBatchRequestStatus } from "../ports/ai-batch-store";
import type { Persistence } from "../ports/persistence";
import type { StageRecord } from "../records/stage-record";

const STATUS: Record<AIBatchRequestStatus, BatchedRequestStatus> = {
  PENDING: "pending",
  SUBMITTING: "pending",
  SUBMITTED: "pending",
  SUCCEEDED: "succeeded",
  FAILED: "failed",
  CANCELLED: "cancelled",
};

/** True when the stage's suspended state says it batches its requests across runs. */
export function isCrossRunBatched(stage: Pick<StageRecord, "suspendedState">): boolean {
  const marker = (stage.suspendedState as Record<string, unknown> | null)?.crossRunBatch;
  return typeof marker === "object" && marker !== null;
}

function toOutcome(record: AIBatchRequestRecord): BatchedRequestOutcome {
  return {
    status: STATUS[record.status],
    ...(record.status === "SUCCEEDED" ? { value: record.value } : {}),
    ...(record.error === null ? {} : { error: record.error }),
    provider: record.provider,
    model: record.model,
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    cost: record.cost,
  };
}

/**
 * The outcomes of a cross-run batched stage's current attempt by request key, for its check's
 * context; `undefined` for other stages (or an adapter without an `aiBatches` store).
 */
export async function loadBatchedOutcomes(
  persistence: Persistence,
  stage: StageRecord,
): Promise<Record<string, BatchedRequestOutcome> | undefined> {
  if (!isCrossRunBatched(stage) || persistence.aiBatches === undefined) return undefined;
  const records = await persistence.aiBatches.getRequestsOfStage(stage.id, stage.attempt);
  const out: Record<string, BatchedRequestOutcome> = {};
  for (const record of records) out[record.requestKey] = toOutcome(record);
  return out;
}
