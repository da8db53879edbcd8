import type { AnyWorkflow } from "@stageflow/core";
import type { RunReapStuckCommand, RunReapStuckResult } from "../commands/command-types";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { Persistence } from "../ports/persistence";
import type { RunRecord } from "../records/run-record";
import { advanceRun } from "../run-state/advance-run";
import { NO_KNOWN_OUTPUTS } from "../run-state/known-outputs";
import { newJobFor } from "../run-state/new-job";
import { transitionRun } from "../run-state/transition-run";

/** What repairing one run did: "transition" asks for a `run.transition` after the commit. */
type Repair = "repaired" | "healthy" | "transition";

/**
 * Repairs one RUNNING run inside the caller's transaction.
 * A run with a PENDING/RUNNING job or a SUSPENDED stage in its current group is healthy and left
 * alone (whatever the age of a lease: `lease.reapStale` deals with those).
 */
async function repairRun(
  tx: Persistence,
  run: RunRecord,
  workflow: AnyWorkflow,
  now: Date,
): Promise<Repair> {
  const groupIndex = run.currentGroup ?? 1;
  const group = workflow.getGroup(groupIndex);
  if (group === undefined) return "healthy";
  const ids = new Set(group.stages.map((stage) => stage.id));
  const jobs = (await tx.getJobsByRun(run.id)).filter((job) => ids.has(job.stageId));
  const stages = (await tx.getStagesByRun(run.id)).filter((stage) => ids.has(stage.stageId));
  const liveJobStages = new Set(
    jobs
      .filter((job) => job.status === "PENDING" || job.status === "RUNNING")
      .map((j) => j.stageId),
  );
  if (liveJobStages.size > 0 || stages.some((stage) => stage.status === "SUSPENDED")) {
    return "healthy";
  }
  const byId = new Map(stages.map((stage) => [stage.stageId, stage] as const));
  const allDone = group.stages.every((stage) => byId.get(stage.id)?.status === "COMPLETED");
  if (allDone || stages.some((stage) => stage.status === "FAILED")) {
    // Completing the run needs its last outputs, read outside a transaction: transitionRun does.
    const advanced = await advanceRun(tx, run, workflow, now, NO_KNOWN_OUTPUTS);
    if (advanced.needsOutputs) return "transition";
    return advanced.action === "noop" ? "healthy" : "repaired";
  }
  const missing = group.stages.filter((stage) => !byId.has(stage.id));
  if (missing.length > 0) {
    await tx.createStages(
      missing.map((stage) => ({
        workflowRunId: run.id,
        stageId: stage.id,
        stageName: stage.name,
        groupIndex,
        now,
      })),
    );
  }
  const lost = group.stages.filter((stage) => byId.get(stage.id)?.status !== "COMPLETED");
  for (const stage of lost) {
    const record = byId.get(stage.id);
    if (record?.status === "RUNNING") {
      await tx.updateStage(record.id, { status: "PENDING" }, now, {
        expectedVersion: record.version,
      });
    }
  }
  await tx.enqueueJobs(
    lost.map((stage) => newJobFor(run, stage, now, { attempt: byId.get(stage.id)?.attempt ?? 1 })),
  );
  return lost.length > 0 ? "repaired" : "healthy";
}

/**
 * `run.reapStuck`: inspects RUNNING runs not updated for `stuckThresholdMs` (default 60 000, at most
 * `maxRuns`, default 100) and repairs those whose next step was lost: a current group all
 * COMPLETED is transitioned; otherwise each stage of the current group that is not COMPLETED and
 * has no live job gets a new job (and a stage record when it had none). Runs with a live job or a
 * suspended stage are never touched, so a heartbeated or suspended stage's run is never failed.
 */
export async function handleRunReapStuck(
  deps: KernelDeps,
  command: RunReapStuckCommand,
): Promise<RunReapStuckResult> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - (command.stuckThresholdMs ?? 60_000));
  const candidates = await deps.persistence.listRuns({
    status: "RUNNING",
    updatedBefore: cutoff,
    limit: command.maxRuns ?? 100,
  });
  const repaired: string[] = [];
  for (const candidate of candidates) {
    const workflow = deps.registry.getWorkflow(candidate.workflowId);
    if (workflow === null || workflow === undefined) continue;
    const repair = await deps.persistence.withTransaction(async (tx): Promise<Repair> => {
      const run = await tx.getRun(candidate.id, { forUpdate: true });
      if (run === null || run.status !== "RUNNING" || run.updatedAt >= cutoff) return "healthy";
      return repairRun(tx, run, workflow, deps.clock.now());
    });
    const done =
      repair === "transition"
        ? (await transitionRun(deps, candidate.id)).action !== "noop"
        : repair === "repaired";
    if (done) repaired.push(candidate.id);
  }
  return { repaired };
}
