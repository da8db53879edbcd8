import {
  type AnyStage,
  type AnyWorkflow,
  createStageContext,
  createUsageRecorder,
  type StageTelemetry,
  type SuspendedState,
  type UsageTotals,
} from "@stageflow/core";
import { routeBatchedRequests } from "../ai-batching/route-batched-requests";
import type { KernelDeps } from "../kernel/kernel-deps";
import type { JobRecord } from "../records/job-record";
import type { RunRecord } from "../records/run-record";
import type { StageRecord } from "../records/stage-record";
import { createBlobStageStorage } from "./blob-stage-storage";
import { interpretStageResult, type StageBodyOutcome } from "./interpret-stage-result";
import { createLiveProgressWriter } from "./live-progress-writer";
import { loadStageOutputs } from "./load-stage-outputs";
import { parseWithSchema } from "./parse-with-schema";
import { resolveStageInput } from "./resolve-stage-input";
import { createStageActivity, type StageActivity } from "./stage-activity";
import type { KnownOutputTexts } from "./started-outputs";

/** Everything phase 2 of `job.execute` produced. */
export interface StageBodyRun {
  readonly outcome: StageBodyOutcome;
  /** AI usage recorded through `ctx.usage`. */
  readonly usage: UsageTotals;
  /** Logs and progress collected while the body ran. */
  readonly activity: StageActivity;
}

/**
 * Phase 2 of `job.execute`, with no transaction open: loads the outputs of earlier groups, builds
 * and validates the stage input, builds the context (`createStageContext`), runs `execute`, and
 * checks and stores its result. Never throws: a failure is returned as a "failed" outcome.
 *
 * Progress the body reports is also written to the stage record while it runs (throttled, see
 * `LiveProgressWriter`) when the persistence has `recordStageProgress` and `job` is given; the
 * returned promise resolves only once no such write is in flight, so none lands after the outcome.
 */
export async function runStageBody(
  deps: KernelDeps,
  options: {
    readonly run: RunRecord;
    /** The stage record, RUNNING. */
    readonly stage: StageRecord;
    /** The job running the attempt, leased to this worker (enables live progress writes). */
    readonly job?: JobRecord;
    /** Every stage record of the run, read in phase 1. */
    readonly stages: readonly StageRecord[];
    readonly workflow: AnyWorkflow;
    readonly definition: AnyStage;
    readonly signal: AbortSignal;
    /** Telemetry for the context (`ctx.telemetry`), when the kernel has some. */
    readonly telemetry?: StageTelemetry | undefined;
    /** Outputs already in memory by blob key; the outputs read are added to it. */
    readonly knownOutputs?: KnownOutputTexts;
  },
): Promise<StageBodyRun> {
  const { run, stage, workflow, definition } = options;
  const workerId = options.job?.lockedBy ?? null;
  const live =
    options.job === undefined || workerId === null
      ? undefined
      : createLiveProgressWriter({
          persistence: deps.persistence,
          clock: deps.clock,
          logger: deps.logger,
          intervalMs: deps.progressWriteIntervalMs,
          attempt: {
            stageRecordId: stage.id,
            attempt: stage.attempt,
            jobId: options.job.id,
            workerId,
          },
          signal: options.signal,
        });
  const activity = createStageActivity({
    run,
    stageId: stage.stageId,
    stageRecordId: stage.id,
    clock: deps.clock,
    onProgress:
      live === undefined
        ? deps.onProgress
        : (event) => {
            live.report({
              progress: event.progress,
              message: event.message,
              ...(event.details === undefined ? {} : { details: event.details }),
            });
            deps.onProgress?.(event);
          },
  });
  const usage = createUsageRecorder();
  let outcome: StageBodyOutcome;
  try {
    const outputs = await loadStageOutputs(
      deps.blobStore,
      options.stages,
      stage.groupIndex,
      options.knownOutputs,
    );
    const inputSchema = definition.schemas.input;
    const input =
      inputSchema === "none"
        ? undefined
        : parseWithSchema(
            inputSchema,
            resolveStageInput({
              workflow,
              stageId: stage.stageId,
              groupIndex: stage.groupIndex,
              runInput: run.input,
              outputs,
            }),
            `Invalid input for stage "${stage.stageId}"`,
            stage.stageId,
          );
    const config = Object.hasOwn(run.config, stage.stageId)
      ? run.config[stage.stageId]
      : parseWithSchema(
          definition.schemas.config,
          {},
          `Invalid config for stage "${stage.stageId}"`,
          stage.stageId,
        );
    const ctx = createStageContext({
      input,
      config,
      workflowRunId: run.id,
      stageId: stage.stageId,
      stageRecordId: stage.id,
      attempt: stage.attempt,
      workflowContext: outputs,
      storage: createBlobStageStorage(deps.blobStore, run.id, stage.stageId),
      log: activity.log,
      onProgress: activity.onProgress,
      resumeState: (stage.suspendedState ?? undefined) as SuspendedState | undefined,
      signal: options.signal,
      usage,
      schemas: definition.schemas,
      clock: deps.clock,
      telemetry: options.telemetry,
    });
    const result: unknown = await definition.execute(ctx);
    outcome = await interpretStageResult({
      now: deps.clock.now(),
      blobStore: deps.blobStore,
      workflow,
      definition,
      workflowRunId: run.id,
      result,
      deferPut: true,
    });
    outcome = routeBatchedRequests(deps, definition.id, outcome);
  } catch (error) {
    outcome = { kind: "failed", error };
  }
  await live?.close();
  return { outcome, usage: usage.totals(), activity };
}
