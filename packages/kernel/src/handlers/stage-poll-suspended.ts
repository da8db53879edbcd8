import { type AsyncBatchStage, isStageflowError } from "@stageflow/core";
import { BatchedRequestFailedError } from "../ai-batching/ai-batching-errors";
import { isCrossRunBatched } from "../ai-batching/load-batched-outcomes";
import type {
  StagePollSuspendedCommand,
  StagePollSuspendedResult,
} from "../commands/command-types";
import { StageNotInWorkflowError } from "../errors/command-errors";
import { BatchFailedError, StageTimeoutError } from "../errors/stage-errors";
import { cancelSuspendedStage } from "../execution/cancel-suspended-stage";
import { checkSuspendedStage, type SuspendedCheckRun } from "../execution/check-suspended-stage";
import { storableCheckRun } from "../execution/storable-check-run";
import { batchInfoOf, inPhase, runTraceContext } from "../execution/telemetry-helpers";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { StageAttemptEnd, StageAttemptTelemetry } from "../ports/telemetry";
import type { JobRecord } from "../records/job-record";
import type { StageRecord } from "../records/stage-record";
import { NO_USAGE } from "../run-state/add-run-usage";
import { toOutboxEvent } from "../run-state/build-event";
import { commitStageCompleted } from "../run-state/commit-stage-completed";
import { commitStageFailed } from "../run-state/commit-stage-failed";
import { transitionRun } from "../run-state/transition-run";

/** What polling one stage led to. */
type PollOutcome = "resumed" | "failed" | "retrying" | "waiting" | "skipped";

/**
 * Commits the result of one check in a transaction that locks the run and re-checks that the run
 * is RUNNING and the stage still SUSPENDED.
 */
async function commitCheck(
  deps: KernelDeps,
  claimed: StageRecord,
  definition: AsyncBatchStage | undefined,
  checked: SuspendedCheckRun | { readonly timeout: Error },
): Promise<{ outcome: PollOutcome; nextPollAt?: Date; transitionAfter?: boolean }> {
  return deps.persistence.withTransaction(async (tx) => {
    const now = deps.clock.now();
    const run = await tx.getRun(claimed.workflowRunId, { forUpdate: true });
    const stage = await tx.getStage(claimed.workflowRunId, claimed.stageId);
    if (run === null || run.status !== "RUNNING") return { outcome: "skipped" };
    if (stage === null || stage.status !== "SUSPENDED") return { outcome: "skipped" };
    const fail = async (error: unknown, usage = NO_USAGE, job: JobRecord | null = null) => {
      const failure = await commitStageFailed(tx, {
        run,
        stage,
        stageDefinition: definition,
        job,
        error,
        usage,
        now,
      });
      return { outcome: failure.willRetry ? ("retrying" as const) : ("failed" as const) };
    };
    if ("timeout" in checked) return fail(checked.timeout);
    const { check, usage, activity } = storableCheckRun(checked, stage.stageId);
    if (activity.logs.length > 0) await tx.appendLogs(activity.logs);
    if (activity.progressEvents.length > 0) {
      await tx.appendOutboxEvents(activity.progressEvents.map((e) => toOutboxEvent(e, now)));
    }
    if (check.kind === "batch-failed" && isCrossRunBatched(stage)) {
      // A failed batched request fails the attempt; the stage's job retries it by its policy.
      const job = (await tx.getJobsByRun(run.id)).find((each) => each.stageId === stage.stageId);
      return fail(new BatchedRequestFailedError(stage.stageId, check.error), usage, job ?? null);
    }
    if (check.kind === "batch-failed")
      return fail(new BatchFailedError(stage.stageId, check.error), usage);
    if (check.kind === "ready") {
      if (check.outcome.kind !== "completed") {
        return fail(
          check.outcome.kind === "failed" ? check.outcome.error : "unexpected suspension",
          usage,
        );
      }
      const workflow = deps.registry.getWorkflow(run.workflowId);
      if (workflow === null || workflow === undefined) return { outcome: "skipped" };
      const advanced = await commitStageCompleted(tx, {
        run,
        stage,
        workflow,
        outputRef: check.outcome.outputRef,
        output: check.outcome.output,
        usage,
        customMetrics: check.outcome.customMetrics,
        progress: activity.latestProgress(),
        now,
      });
      return { outcome: "resumed", transitionAfter: advanced.needsOutputs === true };
    }
    const delay = check.nextCheckIn ?? stage.pollIntervalMs ?? 60_000;
    const deadline = stage.maxWaitUntil?.getTime() ?? Number.POSITIVE_INFINITY;
    const nextPollAt = new Date(Math.min(now.getTime() + delay, deadline));
    await tx.updateStage(
      stage.id,
      {
        nextPollAt,
        cost: stage.cost + usage.cost,
        inputTokens: stage.inputTokens + usage.inputTokens,
        outputTokens: stage.outputTokens + usage.outputTokens,
      },
      now,
      { expectedVersion: stage.version },
    );
    if (usage.cost > 0 || usage.totalTokens > 0) {
      await tx.updateRun(
        run.id,
        { totalCost: run.totalCost + usage.cost, totalTokens: run.totalTokens + usage.totalTokens },
        now,
        { expectedVersion: run.version },
      );
    }
    return { outcome: "waiting", nextPollAt };
  });
}

/**
 * `stage.pollSuspended`: claims up to `maxChecks` (default 10) SUSPENDED stages that are due and
 * checks each one. Past its `maxWaitUntil` a stage fails with a `STAGE_TIMEOUT` error (and its run
 * with it). Otherwise `checkCompletion` runs with no transaction open: ready → the output is
 * validated and stored, the stage COMPLETED and the run advanced at once; `{ ready: false, error }`
 * → stage and run FAILED; not ready → next check at `now + (nextCheckIn ?? pollInterval)`, capped
 * at the deadline. A throwing check counts as not ready. `resumedWorkflowRunIds` lists the runs of
 * resumed stages (a host may follow them with `run.transition`; it is a noop when already done).
 * After a timeout failure commits, the stage's `onCancel` is called (reason `"timeout"`),
 * best-effort and with no transaction open; a throwing `onCancel` leaves a WARN log line.
 */
export async function handleStagePollSuspended(
  deps: KernelDeps,
  command: StagePollSuspendedCommand,
): Promise<StagePollSuspendedResult> {
  const claimed = await deps.persistence.claimDueSuspendedStages({
    now: deps.clock.now(),
    limit: command.maxChecks ?? 10,
    leaseMs: deps.suspendedPollLeaseMs,
  });
  const result: StagePollSuspendedResult = {
    checked: 0,
    resumed: 0,
    failed: 0,
    resumedWorkflowRunIds: [],
  };
  for (const stage of claimed) {
    const outcome = await pollOne(deps, stage);
    if (outcome === "skipped") continue;
    result.checked++;
    if (outcome === "failed") result.failed++;
    if (outcome === "resumed") {
      result.resumed++;
      if (!result.resumedWorkflowRunIds.includes(stage.workflowRunId)) {
        result.resumedWorkflowRunIds.push(stage.workflowRunId);
      }
    }
  }
  return result;
}

async function pollOne(deps: KernelDeps, stage: StageRecord): Promise<PollOutcome> {
  const run = await deps.persistence.getRun(stage.workflowRunId);
  if (run === null || run.status !== "RUNNING") return "skipped";
  const workflow = deps.registry.getWorkflow(run.workflowId) ?? undefined;
  const found = workflow?.getStage(stage.stageId);
  const definition = found?.mode === "async-batch" ? found : undefined;
  const now = deps.clock.now();
  let checked: SuspendedCheckRun | { readonly timeout: Error };
  let timedOut = false;
  let trace: StageAttemptTelemetry | undefined;
  if (workflow === undefined) {
    return "skipped";
  } else if (definition === undefined) {
    checked = { timeout: new StageNotInWorkflowError(stage.stageId, run.workflowId) };
  } else if (stage.maxWaitUntil !== null && now.getTime() >= stage.maxWaitUntil.getTime()) {
    checked = { timeout: new StageTimeoutError(stage.stageId, stage.maxWaitUntil) };
    timedOut = true;
  } else {
    trace = deps.telemetry?.startStageAttempt("check");
    trace?.started({
      workflowId: run.workflowId,
      workflowRunId: run.id,
      stageId: stage.stageId,
      attempt: stage.attempt,
      runTraceContext: runTraceContext(run),
      link: stage.traceparent,
      batch: batchInfoOf(stage.suspendedState),
      startedAt: now,
    });
    checked = await inPhase(trace, "body", (telemetry) =>
      checkSuspendedStage(deps, { run, stage, workflow, definition, telemetry }),
    );
  }
  try {
    const committed = await inPhase(trace, "commit", () =>
      commitCheck(deps, stage, definition, checked),
    );
    trace?.end(checkEnd(committed.outcome, checked));
    // A failed transition leaves the run for the host's follow-up or for run.reapStuck.
    if (committed.transitionAfter) await transitionRun(deps, run.id).catch(() => {});
    if (committed.outcome === "failed") deps.running.abortRun(run.id, "failed");
    if (committed.outcome === "failed" && timedOut) {
      await cancelSuspendedStage(deps, { run, stage, workflow, reason: "timeout" });
    }
    if (committed.nextPollAt !== undefined && deps.scheduler !== undefined) {
      await deps.scheduler
        .schedule(
          "stage.pollSuspended",
          { workflowRunId: run.id, stageId: stage.stageId },
          committed.nextPollAt,
        )
        .catch(() => {});
    }
    return committed.outcome;
  } catch (error) {
    const stale = isStageflowError(error) && error.code === "STALE_VERSION";
    trace?.end(stale ? { outcome: "skipped", reason: "stale" } : { outcome: "failed", error });
    if (stale) return "skipped";
    throw error;
  }
}

/** How a check's attempt telemetry ends. */
function checkEnd(
  outcome: PollOutcome,
  checked: SuspendedCheckRun | { readonly timeout: Error },
): StageAttemptEnd {
  if (outcome === "resumed") return { outcome: "completed" };
  if (outcome === "waiting") return { outcome: "waiting" };
  if (outcome === "skipped") return { outcome: "skipped" };
  if ("timeout" in checked) return { outcome: "failed", error: checked.timeout };
  const { check } = checked;
  const error =
    check.kind === "batch-failed"
      ? check.error
      : check.kind === "ready" && check.outcome.kind === "failed"
        ? check.outcome.error
        : undefined;
  return { outcome: "failed", error };
}
