import type { BatchStatus, ProviderBatchStatus } from "@stageflow/ai";
import type { AnthropicMessageBatch } from "./anthropic-client";

/**
 * Map a Message Batch to the neutral status: `in_progress` with no finished request is pending,
 * `in_progress` with some finished and `canceling` are processing, `ended` is completed — or
 * failed when not a single request succeeded (all errored, canceled or expired). Unknown future
 * statuses count as processing so callers keep polling.
 */
export function mapAnthropicBatchStatus(batch: AnthropicMessageBatch): BatchStatus {
  const counts = batch.request_counts;
  switch (batch.processing_status) {
    case "in_progress":
      return counts.succeeded + counts.errored + counts.canceled + counts.expired === 0
        ? "pending"
        : "processing";
    case "ended":
      return counts.succeeded === 0 ? "failed" : "completed";
    default:
      return "processing";
  }
}

/** The neutral status of a Message Batch with its counts (errored, canceled, expired = failed). */
export function toProviderBatchStatus(batch: AnthropicMessageBatch): ProviderBatchStatus {
  const { processing, succeeded, errored, canceled, expired } = batch.request_counts;
  const failed = errored + canceled + expired;
  return {
    status: mapAnthropicBatchStatus(batch),
    counts: { total: processing + succeeded + failed, succeeded, failed, processing },
    providerStatus: batch.processing_status,
  };
}
