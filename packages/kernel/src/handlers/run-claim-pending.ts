import type { RunClaimPendingCommand, RunClaimPendingResult } from "../commands/command-types";
import { WorkflowNotFoundError } from "../errors/kernel-errors";
import { toStoredError } from "../execution/failure-info";
import type { KernelDeps } from "../kernel/kernel-deps";
import { outboxEvent } from "../run-state/build-event";
import { enqueueGroup } from "../run-state/enqueue-group";
import { failRun } from "../run-state/fail-run";

/**
 * `run.claimPending`: in ONE transaction, claims up to `maxClaims` (default 10) PENDING runs
 * (priority, then age) at `currentGroup` 1, creates each one's first-group stages and jobs and
 * writes `workflow:started`. The jobs become visible to workers only when the claim commits. A
 * claimed run whose workflow is no longer registered is failed.
 */
export async function handleRunClaimPending(
  deps: KernelDeps,
  command: RunClaimPendingCommand,
): Promise<RunClaimPendingResult> {
  return deps.persistence.withTransaction(async (tx) => {
    const now = deps.clock.now();
    const runs = await tx.claimPendingRuns({
      workerId: command.workerId,
      limit: command.maxClaims ?? 10,
      now,
    });
    const claimed: RunClaimPendingResult["claimed"] = [];
    for (const run of runs) {
      const workflow = deps.registry.getWorkflow(run.workflowId);
      if (workflow === null || workflow === undefined) {
        await failRun(tx, run, toStoredError(new WorkflowNotFoundError(run.workflowId)), now);
        continue;
      }
      const { jobs } = await enqueueGroup(tx, run, workflow, 1, now);
      await tx.appendOutboxEvents([
        outboxEvent("workflow:started", run, now, { workerId: command.workerId }),
      ]);
      claimed.push({
        workflowRunId: run.id,
        workflowId: run.workflowId,
        jobIds: jobs.map((job) => job.id),
      });
    }
    return { claimed };
  });
}
