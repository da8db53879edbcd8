import {
  type AnyWorkflow,
  type AsyncBatchStage,
  type CompletionCheckResult,
  createUsageRecorder,
  type StageTelemetry,
  type SuspendedState,
  type UsageTotals,
} from "@stageflow/core";
import { loadBatchedOutcomes } from "../ai-batching/load-batched-outcomes";
import { assertJsonValue } from "../json/assert-json-value";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { RunRecord } from "../records/run-record";
import type { StageRecord } from "../records/stage-record";
import { assertStorable } from "./assert-storable";
import { createBlobStageStorage } from "./blob-stage-storage";
import { errorMessage } from "./failure-info";
import { interpretStageResult, type StageBodyOutcome } from "./interpret-stage-result";
import { createStageActivity, type StageActivity } from "./stage-activity";

/** What one `checkCompletion` call amounted to. */
export type SuspendedCheck =
  | { readonly kind: "ready"; readonly outcome: StageBodyOutcome }
  | { readonly kind: "batch-failed"; readonly error: string }
  | { readonly kind: "not-ready"; readonly nextCheckIn: number | undefined };

/** A check with what it collected. */
export interface SuspendedCheckRun {
  readonly check: SuspendedCheck;
  readonly usage: UsageTotals;
  readonly activity: StageActivity;
}

/**
 * Runs `checkCompletion` of a suspended stage with no transaction open (context: run and stage
 * ids, config, log / onLog, clock, storage, usage, signal). A ready result's output is validated
 * and stored like a body's, and its `embeddings`, when given, are saved in the stage's storage
 * under the key `"embeddings"`; a throwing check is logged and counts as not ready (the deadline
 * still applies).
 */
export async function checkSuspendedStage(
  deps: KernelDeps,
  options: {
    readonly run: RunRecord;
    readonly stage: StageRecord;
    readonly workflow: AnyWorkflow;
    readonly definition: AsyncBatchStage;
    /** Telemetry for the check's context, when the kernel has some. */
    readonly telemetry?: StageTelemetry | undefined;
  },
): Promise<SuspendedCheckRun> {
  const { run, stage, workflow, definition } = options;
  const activity = createStageActivity({
    run,
    stageId: stage.stageId,
    stageRecordId: stage.id,
    clock: deps.clock,
    onProgress: deps.onProgress,
  });
  const usage = createUsageRecorder();
  const body = deps.running.start(run.id);
  let check: SuspendedCheck;
  try {
    const batchedRequests = await loadBatchedOutcomes(deps.persistence, stage);
    const result: CompletionCheckResult<unknown> = await definition.checkCompletion(
      (stage.suspendedState ?? {}) as SuspendedState,
      {
        workflowRunId: run.id,
        stageId: stage.stageId,
        stageRecordId: stage.id,
        config: run.config[stage.stageId],
        log: activity.log,
        onLog: activity.log,
        clock: deps.clock,
        storage: createBlobStageStorage(deps.blobStore, run.id, stage.stageId),
        usage,
        signal: body.signal,
        ...(options.telemetry === undefined ? {} : { telemetry: options.telemetry }),
        ...(batchedRequests === undefined ? {} : { batchedRequests }),
      },
    );
    check = await interpretCheck(deps, { run, workflow, definition, result });
  } catch (error) {
    activity.log("WARN", "checkCompletion threw; the stage stays suspended until its deadline", {
      error: errorMessage(error),
    });
    check = { kind: "not-ready", nextCheckIn: undefined };
  } finally {
    body.done();
  }
  return { check, usage: usage.totals(), activity };
}

async function interpretCheck(
  deps: KernelDeps,
  options: {
    readonly run: RunRecord;
    readonly workflow: AnyWorkflow;
    readonly definition: AsyncBatchStage;
    readonly result: CompletionCheckResult<unknown>;
  },
): Promise<SuspendedCheck> {
  const { result } = options;
  if (typeof result !== "object" || result === null) {
    return { kind: "not-ready", nextCheckIn: undefined };
  }
  if (result.ready === true) {
    const outcome = await interpretStageResult({
      now: deps.clock.now(),
      blobStore: deps.blobStore,
      workflow: options.workflow,
      definition: options.definition,
      workflowRunId: options.run.id,
      result: { output: result.output, customMetrics: result.metrics },
    })
      .then(async (done) => {
        if (done.kind === "completed" && result.embeddings !== undefined) {
          await storeEmbeddings(deps, options.run.id, options.definition.id, result.embeddings);
        }
        return done;
      })
      .catch((error: unknown): StageBodyOutcome => ({ kind: "failed", error }));
    return { kind: "ready", outcome };
  }
  if (typeof result.error === "string" && result.error !== "") {
    return { kind: "batch-failed", error: result.error };
  }
  const next = result.nextCheckIn;
  const valid = typeof next === "number" && Number.isFinite(next) && next >= 0;
  return { kind: "not-ready", nextCheckIn: valid ? next : undefined };
}

/** Saves a ready check's `embeddings` (JSON) as the stage's `"embeddings"` artifact. */
async function storeEmbeddings(
  deps: KernelDeps,
  workflowRunId: string,
  stageId: string,
  embeddings: unknown,
): Promise<void> {
  assertJsonValue(embeddings, `embeddings of stage "${stageId}"`);
  assertStorable(stageId, "embeddings", embeddings);
  await createBlobStageStorage(deps.blobStore, workflowRunId, stageId).save(
    "embeddings",
    embeddings,
  );
}
