import type {
  RunClaimPendingCommand,
  RunClaimPendingResult,
  StartedJob,
} from "../commands/command-types";
import { InvalidCommandError } from "../errors/command-errors";
import { WorkflowNotFoundError } from "../errors/kernel-errors";
import { toStoredError } from "../execution/failure-info";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { NewOutboxEvent } from "../records/outbox-record";
import { outboxEvent } from "../run-state/build-event";
import { enqueueGroup } from "../run-state/enqueue-group";
import { failRun } from "../run-state/fail-run";

/**
 * `run.claimPending`: in ONE transaction, claims up to `maxClaims` (default 10) PENDING runs
 * (priority, then age) at `currentGroup` 1, creates each one's first-group stages and jobs and
 * writes `workflow:started`. With `startJobs`, up to that many of those jobs are started in the
 * same transaction for `workerId` (leased, stage RUNNING, `stage:started` written) and returned
 * in `started`. The jobs become visible to workers only when the claim commits. A claimed run
 * whose workflow is no longer registered is failed.
 *
 * @throws {@link InvalidCommandError} when `maxClaims` or `startJobs` is not a whole number in range.
 */
export async function handleRunClaimPending(
  deps: KernelDeps,
  command: RunClaimPendingCommand,
): Promise<RunClaimPendingResult> {
  const limit = wholeNumber(command, "maxClaims", command.maxClaims ?? 10, 1);
  let budget = wholeNumber(command, "startJobs", command.startJobs ?? 0, 0);
  return deps.persistence.withTransaction(async (tx) => {
    const now = deps.clock.now();
    const runs = await tx.claimPendingRuns({ workerId: command.workerId, limit, now });
    const claimed: RunClaimPendingResult["claimed"] = [];
    const started: StartedJob[] = [];
    const events: NewOutboxEvent[] = [];
    for (const run of runs) {
      const workflow = deps.registry.getWorkflow(run.workflowId);
      if (workflow === null || workflow === undefined) {
        await failRun(tx, run, toStoredError(new WorkflowNotFoundError(run.workflowId)), now);
        continue;
      }
      const group = await enqueueGroup(tx, run, workflow, 1, now, {
        workerId: command.workerId,
        limit: budget,
      });
      budget -= group.started;
      events.push(outboxEvent("workflow:started", run, now, { workerId: command.workerId }));
      for (let index = 0; index < group.started; index += 1) {
        const stage = group.stages[index];
        const job = group.jobs[index];
        if (stage === undefined || job === undefined) continue;
        events.push(
          outboxEvent("stage:started", run, now, {
            stageId: stage.stageId,
            stageName: stage.stageName,
            groupIndex: stage.groupIndex,
            attempt: job.attempt,
          }),
        );
        started.push({ job, run, stages: group.stages });
      }
      claimed.push({
        workflowRunId: run.id,
        workflowId: run.workflowId,
        jobIds: group.jobs.map((job) => job.id),
      });
    }
    if (events.length > 0) await tx.appendOutboxEvents(events);
    return { claimed, started };
  });
}

function wholeNumber(
  command: RunClaimPendingCommand,
  field: "maxClaims" | "startJobs",
  value: number,
  min: number,
): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidCommandError(command.type, field, `must be a whole number >= ${min}`);
  }
  return value;
}
