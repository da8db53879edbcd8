import type { JobRecord } from "@stageflow/kernel";
import { safeLog } from "../host-logger";
import { type ExecuteJobContext, executeJob } from "./execute-job";
import type { HandleJobResult, JobMessage } from "./job-message";

/** Why `handleJob` skipped a message whose job could not be claimed. */
export const NOT_CLAIMABLE_REASON =
  "job not claimable: unknown, leased by another worker, finished or cancelled, or not due yet";

/**
 * Runs the job a queue message announces, in this invocation: leases exactly that job with
 * `JobTransport.claim`, dispatches `job.execute` under the host's worker id, and reports the
 * outcome. When the job cannot be claimed the outcome is `"skipped"` and nothing is dispatched:
 * another worker holds it, it is finished or cancelled (a redelivered message), or it is not due
 * yet. Never rejects; a failing claim (database unreachable) is `"failed"`.
 */
export async function handleJob(
  context: ExecuteJobContext,
  message: JobMessage,
): Promise<HandleJobResult> {
  const { transport, workerId, clock, logger } = context;
  let job: JobRecord | null;
  try {
    job = await transport.claim({ workerId, jobId: message.jobId, now: clock.now() });
  } catch (error) {
    safeLog(logger, "warn", { err: error, jobId: message.jobId, workerId }, "claim failed");
    return { outcome: "failed", error: error instanceof Error ? error.message : String(error) };
  }
  if (job === null) {
    safeLog(logger, "debug", { jobId: message.jobId, workerId }, NOT_CLAIMABLE_REASON);
    return { outcome: "skipped", reason: NOT_CLAIMABLE_REASON };
  }
  return executeJob(context, job);
}
