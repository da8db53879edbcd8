import { type ExecuteJobContext, executeJob } from "./execute-job";
import type { HandleJobResult, JobMessage } from "./job-message";
import { leaseJob } from "./lease-job";

/**
 * Runs the job a queue message announces, in this invocation: leases it (see `leaseJob`),
 * dispatches `job.execute`, and reports the outcome. When nothing can be leased, `job.execute`
 * is still dispatched for the message's job without a lease: the kernel then answers `"completed"`
 * with the stored output for a redelivered message of a finished stage, and `"skipped"` (writing
 * nothing) when the job is held elsewhere, not due, or its run stopped. Never rejects.
 */
export async function handleJob(
  context: ExecuteJobContext,
  message: JobMessage,
): Promise<HandleJobResult> {
  let leased: Awaited<ReturnType<typeof leaseJob>>;
  try {
    leased = await leaseJob(context.transport, {
      workerId: context.workerId,
      jobId: message.jobId,
      now: context.clock.now(),
    });
  } catch (error) {
    return { outcome: "failed", error: error instanceof Error ? error.message : String(error) };
  }
  if (leased) return executeJob(context, leased, true);
  return executeJob(
    context,
    {
      id: message.jobId,
      workflowRunId: message.workflowRunId,
      workflowId: message.workflowId,
      stageId: message.stageId,
    },
    false,
  );
}
