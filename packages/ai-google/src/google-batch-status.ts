import type { BatchStatus, ProviderBatchStatus } from "@stageflow/ai";
import type { GoogleBatchJob } from "./google-client";

/** States after which a batch job no longer changes. */
const TERMINAL = new Set([
  "JOB_STATE_SUCCEEDED",
  "JOB_STATE_PARTIALLY_SUCCEEDED",
  "JOB_STATE_FAILED",
  "JOB_STATE_CANCELLED",
  "JOB_STATE_EXPIRED",
]);

/**
 * Map a batch job state to the neutral status: PENDING/QUEUED are pending; SUCCEEDED (and
 * PARTIALLY_SUCCEEDED) completed; FAILED, CANCELLED and EXPIRED failed; RUNNING and everything
 * else (CANCELLING, PAUSED, UPDATING, future states) processing, so callers keep polling.
 */
export function mapGoogleBatchStatus(job: GoogleBatchJob): BatchStatus {
  switch (job.state) {
    case "JOB_STATE_PENDING":
    case "JOB_STATE_QUEUED":
      return "pending";
    case "JOB_STATE_SUCCEEDED":
    case "JOB_STATE_PARTIALLY_SUCCEEDED":
      return "completed";
    case "JOB_STATE_FAILED":
    case "JOB_STATE_CANCELLED":
    case "JOB_STATE_EXPIRED":
      return "failed";
    default:
      return "processing";
  }
}

/** Whether the job has stopped changing. */
export function isGoogleBatchTerminal(job: GoogleBatchJob): boolean {
  return TERMINAL.has(job.state ?? "");
}

/** The display name written at submit; it records the request count the SDK does not return. */
export function batchDisplayName(requestCount: number): string {
  return `stageflow batch (${requestCount} requests)`;
}

function requestCountOf(job: GoogleBatchJob): number | undefined {
  const match = job.displayName?.match(/\((\d+) requests\)$/);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * The neutral status with counts. The SDK drops `batchStats` on the Developer API, so successes
 * and failures are counted from `dest.inlinedResponses` (or `inlinedEmbedContentResponses`), and
 * the total comes from the display
 * name written at submit (falling back to the responses seen).
 */
export function toProviderBatchStatus(job: GoogleBatchJob): ProviderBatchStatus {
  const responses = job.dest?.inlinedResponses ?? job.dest?.inlinedEmbedContentResponses ?? [];
  const succeeded = responses.filter((r) => r.response !== undefined && !r.error).length;
  const failed = responses.length - succeeded;
  const total = Math.max(requestCountOf(job) ?? 0, responses.length);
  const status = mapGoogleBatchStatus(job);
  const processing = isGoogleBatchTerminal(job) ? 0 : total - responses.length;
  const counts = {
    total,
    succeeded,
    failed: status === "failed" ? total - succeeded : failed,
    processing,
  };
  return { status, counts, ...(job.state === undefined ? {} : { providerStatus: job.state }) };
}
