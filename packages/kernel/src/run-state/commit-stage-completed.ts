import type { AnyWorkflow, UsageTotals } from "@stageflow/core";
import type { Persistence } from "../ports/persistence";
import type { RunRecord } from "../records/run-record";
import type { StageProgress, StageRecord } from "../records/stage-record";
import { addRunUsage, stageMetrics, stageUsageAfter } from "./add-run-usage";
import { type AdvanceResult, advanceRun } from "./advance-run";
import { outboxEvent } from "./build-event";
import type { GroupStart } from "./enqueue-group";
import type { KnownOutputs } from "./known-outputs";

/** What {@link commitStageCompleted} writes. */
export interface StageCompletion {
  /** The RUNNING run, read (locked) in this transaction. */
  readonly run: RunRecord;
  /** The stage record, read in this transaction. */
  readonly stage: StageRecord;
  readonly workflow: AnyWorkflow;
  /** Blob key of the stored output. */
  readonly outputRef: string;
  /** The output itself (already stored), so completing the run never reads it back. */
  readonly output: unknown;
  /** AI usage of this execution. */
  readonly usage: UsageTotals;
  readonly customMetrics: Record<string, number> | undefined;
  readonly progress: StageProgress | null;
  readonly now: Date;
  /** Every stage of the run as read in this transaction, when the caller has them. */
  readonly stages?: readonly StageRecord[];
  /** When the run advances, start the next group's first jobs for this worker (see `advanceRun`). */
  readonly startNext?: GroupStart;
}

/**
 * Inside the caller's transaction: marks the stage COMPLETED (duration, accumulated cost and
 * tokens, metrics), writes `stage:completed` (in the same statement as the next events advancing
 * the run writes, when it writes any), adds the usage to the run totals and, when the
 * stage was the last of its group to finish, advances the run at once (next group, or completes
 * the run). The outputs of the stage's siblings come from `known`; when one is not there the
 * result carries `needsOutputs` and the caller transitions the run after committing.
 */
export async function commitStageCompleted(
  tx: Persistence,
  completion: StageCompletion,
  known: KnownOutputs = new Map(),
): Promise<AdvanceResult> {
  const { run, stage, usage, now } = completion;
  const durationMs = Math.max(0, now.getTime() - (stage.startedAt ?? now).getTime());
  const totals = stageUsageAfter(stage, usage);
  const completed = await tx.updateStage(
    stage.id,
    {
      status: "COMPLETED",
      outputRef: completion.outputRef,
      completedAt: now,
      durationMs,
      ...totals,
      metrics: stageMetrics(stage.metrics, completion.customMetrics, usage),
      ...(completion.progress === null ? {} : { progress: completion.progress }),
      suspendedState: null,
      nextPollAt: null,
      maxWaitUntil: null,
      error: null,
    },
    now,
    { expectedVersion: stage.version },
  );
  // Written by advanceRun together with what it writes next (one statement fewer).
  const stageCompleted = outboxEvent("stage:completed", run, now, {
    stageId: stage.stageId,
    duration: durationMs,
    ...totals,
  });
  const withUsage = await addRunUsage(tx, run, usage, now);
  const withOwn = new Map(known).set(completed.id, {
    version: completed.version,
    value: completion.output,
  });
  const stages = completion.stages?.map((each) => (each.id === completed.id ? completed : each));
  return advanceRun(
    tx,
    withUsage,
    completion.workflow,
    now,
    withOwn,
    stages,
    completion.startNext,
    [stageCompleted],
  );
}
