import type {
  RunClaimPendingCommand,
  RunClaimPendingResult,
  StartedJob,
} from "../commands/command-types";
import { WorkflowNotFoundError } from "../errors/kernel-errors";
import { toStoredError } from "../execution/failure-info";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { NewOutboxEvent } from "../records/outbox-record";
import type { RunRecord } from "../records/run-record";
import { outboxEvent } from "../run-state/build-event";
import { type GroupPlan, planGroup, startedEvents } from "../run-state/enqueue-group";
import { failRun } from "../run-state/fail-run";
import { insertStagesJobsAndEvents } from "../run-state/insert-stages-jobs-and-events";

/**
 * `run.claimPending`: in ONE transaction, claims up to `maxClaims` (default 10) PENDING runs
 * (priority, then age) at `currentGroup` 1, creates each one's first-group stages and jobs and
 * writes `workflow:started`. With `startJobs`, up to that many of those jobs are started in the
 * same transaction for `workerId` (leased, stage RUNNING, `stage:started` written) and returned
 * in `started`. The jobs become visible to workers only when the claim commits. A claimed run
 * whose workflow is no longer registered is failed.
 */
export async function handleRunClaimPending(
  deps: KernelDeps,
  command: RunClaimPendingCommand,
): Promise<RunClaimPendingResult> {
  const limit = command.maxClaims ?? 10;
  let budget = command.startJobs ?? 0;
  return deps.persistence.withTransaction(async (tx) => {
    const now = deps.clock.now();
    const runs = await tx.claimPendingRuns({ workerId: command.workerId, limit, now });
    const plans: Array<{ run: RunRecord; plan: GroupPlan }> = [];
    const events: NewOutboxEvent[] = [];
    for (const run of runs) {
      const workflow = deps.registry.getWorkflow(run.workflowId);
      if (workflow === null || workflow === undefined) {
        await failRun(tx, run, toStoredError(new WorkflowNotFoundError(run.workflowId)), now);
        continue;
      }
      const plan = planGroup(run, workflow, 1, now, { workerId: command.workerId, limit: budget });
      budget -= plan.started;
      plans.push({ run, plan });
      events.push(
        outboxEvent("workflow:started", run, now, { workerId: command.workerId }),
        ...startedEvents(run, plan, now),
      );
    }
    // Every claimed run's first group and events in one write (one round trip where supported).
    const written = await insertStagesJobsAndEvents(tx, {
      stages: plans.flatMap(({ plan }) => plan.stages),
      jobs: plans.flatMap(({ plan }) => plan.jobs),
      events,
    });
    const claimed: RunClaimPendingResult["claimed"] = [];
    const started: StartedJob[] = [];
    let offset = 0;
    for (const { run, plan } of plans) {
      const count = plan.stages.length;
      const stages = written.stages.slice(offset, offset + count);
      const jobs = written.jobs.slice(offset, offset + count);
      offset += count;
      for (const job of jobs.slice(0, plan.started)) started.push({ job, run, stages });
      claimed.push({
        workflowRunId: run.id,
        workflowId: run.workflowId,
        jobIds: jobs.map((job) => job.id),
      });
    }
    return { claimed, started };
  });
}
