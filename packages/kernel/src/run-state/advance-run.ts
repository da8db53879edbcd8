import type { AnyWorkflow } from "@stageflow/core";
import { ValidationError } from "@stageflow/core";
import type { StartedJob } from "../commands/command-types";
import { toStoredError } from "../execution/failure-info";
import { groupOutput } from "../execution/group-output";
import type { Persistence } from "../ports/persistence";
import type { NewOutboxEvent } from "../records/outbox-record";
import type { RunRecord } from "../records/run-record";
import type { StageRecord } from "../records/stage-record";
import { outboxEvent } from "./build-event";
import { type GroupStart, planGroup, startedEvents } from "./enqueue-group";
import { failRun } from "./fail-run";
import { insertStagesJobsAndEvents } from "./insert-stages-jobs-and-events";
import { type KnownOutputs, outputsFromKnown } from "./known-outputs";

/** What advancing a run did. */
export interface AdvanceResult {
  readonly action: "advanced" | "completed" | "failed" | "noop";
  /** The group now executing, after "advanced". */
  readonly currentGroup?: number;
  /** The run after the change (unchanged for "noop"). */
  readonly run: RunRecord;
  /** After "advanced" with a `start`: the next group's jobs started for that worker. */
  readonly started?: StartedJob[];
  /**
   * Set on a "noop" when the run is ready to complete but an output of its last group was not
   * among the known outputs: the caller reads them after committing and transitions the run.
   */
  readonly needsOutputs?: true;
}

/**
 * The transition logic of a RUNNING run, inside the caller's transaction (the run must have been
 * read in it, locked, so its version guards the update): a FAILED stage in the current group fails
 * the run; a current group all COMPLETED advances to the next group (its stages and jobs are
 * created) or, for the last group, completes the run with its output; anything else is a noop.
 * The run's output is built from `known` (outputs read before the transaction): when one is
 * missing or stale the result is a noop with `needsOutputs`. `stages` (every stage of the run,
 * current in this transaction) saves reading them again. With `start`, the next group's first
 * jobs are started for `start.workerId` (stage RUNNING, job leased, `stage:started` written) and
 * returned in `started`. `pending` events (say the `stage:completed` that led here) are written
 * whatever happens, before the events this writes and in the same statement when it writes some.
 */
export async function advanceRun(
  tx: Persistence,
  run: RunRecord,
  workflow: AnyWorkflow,
  now: Date,
  known: KnownOutputs,
  stages?: readonly StageRecord[],
  start?: GroupStart,
  pending: readonly NewOutboxEvent[] = [],
): Promise<AdvanceResult> {
  const writePending = async (): Promise<void> => {
    if (pending.length > 0) await tx.appendOutboxEvents([...pending]);
  };
  if (run.status !== "RUNNING") {
    await writePending();
    return { action: "noop", run };
  }
  const groupIndex = run.currentGroup ?? 1;
  const group = workflow.getGroup(groupIndex);
  if (group === undefined) {
    await writePending();
    return { action: "noop", run };
  }
  const current = stages ?? (await tx.getStagesByRun(run.id));
  const byId = new Map(current.map((stage) => [stage.stageId, stage] as const));
  const failed = group.stages.map((s) => byId.get(s.id)).find((s) => s?.status === "FAILED");
  if (failed !== undefined) {
    await writePending();
    const error = failed.error ?? { message: `Stage "${failed.stageId}" failed` };
    const updated = await failRun(tx, run, { ...error, stageId: failed.stageId }, now);
    return { action: "failed", run: updated };
  }
  if (!group.stages.every((s) => byId.get(s.id)?.status === "COMPLETED")) {
    await writePending();
    return { action: "noop", run };
  }
  const next = groupIndex + 1;
  if (workflow.getGroup(next) !== undefined) {
    const plan = planGroup(run, workflow, next, now, start);
    const written = await insertStagesJobsAndEvents(tx, {
      ...plan,
      events: [...pending, ...startedEvents(run, plan, now)],
    });
    const updated = await tx.updateRun(run.id, { currentGroup: next }, now, {
      expectedVersion: run.version,
    });
    if (plan.started === 0) return { action: "advanced", currentGroup: next, run: updated };
    const all = [...current, ...written.stages];
    const started = written.jobs
      .slice(0, plan.started)
      .map((job): StartedJob => ({ job, run: updated, stages: all }));
    return { action: "advanced", currentGroup: next, run: updated, started };
  }
  const last = current.filter((stage) => stage.groupIndex === groupIndex);
  const outputs = outputsFromKnown(last, known);
  if (outputs === null) {
    await writePending();
    return { action: "noop", run, needsOutputs: true };
  }
  return completeRun(tx, run, workflow, outputs, now, pending);
}

async function completeRun(
  tx: Persistence,
  run: RunRecord,
  workflow: AnyWorkflow,
  outputs: Record<string, unknown>,
  now: Date,
  pending: readonly NewOutboxEvent[],
): Promise<AdvanceResult> {
  const lastIndex = run.currentGroup ?? 1;
  const lastGroup = workflow.getGroup(lastIndex);
  let output: unknown;
  try {
    if (lastGroup === undefined) throw new RangeError(`No group ${lastIndex}`);
    output = groupOutput(lastGroup, outputs, "workflow output");
    const parsed = workflow.outputSchema.safeParse(output);
    if (!parsed.success) {
      throw new ValidationError(
        `The output of workflow "${workflow.id}" does not match its output schema: ${parsed.error.message}`,
        parsed.error.issues.map((issue) => ({
          path: issue.path.join("."),
          message: issue.message,
        })),
        { cause: parsed.error },
      );
    }
  } catch (error) {
    if (pending.length > 0) await tx.appendOutboxEvents([...pending]);
    const updated = await failRun(tx, run, toStoredError(error), now);
    return { action: "failed", run: updated };
  }
  const completed = await tx.updateRun(
    run.id,
    { status: "COMPLETED", output, completedAt: now, error: null },
    now,
    { expectedVersion: run.version },
  );
  const startedAt = run.startedAt ?? run.createdAt;
  await tx.appendOutboxEvents([
    ...pending,
    outboxEvent("workflow:completed", run, now, {
      output,
      duration: Math.max(0, now.getTime() - startedAt.getTime()),
      totalCost: completed.totalCost,
      totalTokens: completed.totalTokens,
    }),
  ]);
  return { action: "completed", run: completed };
}
