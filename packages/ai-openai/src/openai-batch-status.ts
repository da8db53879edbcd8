import type { BatchStatus, ProviderBatchStatus } from "@stageflow/ai";
import type { OpenAIBatch } from "./openai-client";

/**
 * Map an OpenAI batch status to the neutral one: `validating` is pending; `in_progress`,
 * `finalizing` and `cancelling` are processing; `completed` is completed; `expired` and
 * `cancelled` are completed when an output file exists (partial results) and failed otherwise;
 * `failed` is failed. Unknown future statuses count as processing so callers keep polling.
 */
export function mapOpenAIBatchStatus(batch: OpenAIBatch): BatchStatus {
  switch (batch.status) {
    case "validating":
      return "pending";
    case "in_progress":
    case "finalizing":
    case "cancelling":
      return "processing";
    case "completed":
      return "completed";
    case "expired":
    case "cancelled":
      return batch.output_file_id ? "completed" : "failed";
    case "failed":
      return "failed";
    default:
      return "processing";
  }
}

/** The neutral status of an OpenAI batch with its request counts. */
export function toProviderBatchStatus(batch: OpenAIBatch): ProviderBatchStatus {
  const counts = batch.request_counts ?? { total: 0, completed: 0, failed: 0 };
  const processing = Math.max(0, counts.total - counts.completed - counts.failed);
  return {
    status: mapOpenAIBatchStatus(batch),
    counts: { total: counts.total, succeeded: counts.completed, failed: counts.failed, processing },
    providerStatus: batch.status,
  };
}

/** Whether the batch has stopped changing, so its result files are final. */
export function isOpenAIBatchTerminal(batch: OpenAIBatch): boolean {
  return ["completed", "failed", "expired", "cancelled"].includes(batch.status);
}
