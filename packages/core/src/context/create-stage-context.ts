import { MissingStageOutputError } from "../errors/missing-stage-output-error";
import type { StageSchemas } from "../stage/stage";
import type { SuspendedState } from "../stage/stage-result";
import type { LogFunction, ProgressFunction } from "./log";
import { type StageClock, systemStageClock } from "./stage-clock";
import type { StageContext } from "./stage-context";
import type { StageStorage } from "./stage-storage";
import type { StageTelemetry } from "./stage-telemetry";
import { createUsageRecorder, type UsageRecorder } from "./usage-recorder";
import type { WorkflowContextShape } from "./workflow-context";

/** Everything {@link createStageContext} needs; optional parts get harmless defaults. */
export interface CreateStageContextOptions<
  TInput,
  TConfig,
  TWorkflowContext extends WorkflowContextShape = WorkflowContextShape,
> {
  /** The parsed stage input. */
  readonly input: TInput;
  /** The parsed stage config. */
  readonly config: TConfig;
  /** Id of the run. */
  readonly workflowRunId: string;
  /** Id of the stage in the workflow. */
  readonly stageId: string;
  /** Id of the stage's record in the run. */
  readonly stageRecordId: string;
  /** 1-based attempt number; defaults to 1. */
  readonly attempt?: number;
  /** Outputs of the earlier stages, keyed by stage id (copied, then frozen). */
  readonly workflowContext: Partial<TWorkflowContext>;
  /** Artifact storage scoped to the stage of the run. */
  readonly storage: StageStorage;
  /** Log sink; defaults to discarding. */
  readonly log?: LogFunction;
  /** Progress sink; defaults to discarding. */
  readonly onProgress?: ProgressFunction;
  /** The suspended state when resuming an async-batch stage. */
  readonly resumeState?: SuspendedState | undefined;
  /** Cancellation signal; defaults to one that never aborts. */
  readonly signal?: AbortSignal;
  /** Usage recorder; defaults to a fresh {@link createUsageRecorder}. */
  readonly usage?: UsageRecorder;
  /** The stage's schemas, exposed as `ctx.schemas`. */
  readonly schemas: StageSchemas<TInput, unknown, TConfig>;
  /** The time source exposed as `ctx.clock`; defaults to the wall clock. */
  readonly clock?: StageClock;
  /** Telemetry for the clients the stage calls; absent when the kernel has none. */
  readonly telemetry?: StageTelemetry | undefined;
}

const discard = (): void => {};

/**
 * Builds the {@link StageContext} a stage body receives. Pure: runtimes use it so that
 * `require` and `optional` behave the same everywhere. An output counts as available when
 * the workflow context has an own property for the id whose value is not `undefined`.
 *
 * @example
 * ```ts
 * const ctx = createStageContext({
 *   input: undefined, config: {}, workflowRunId: "run-1", stageId: "merge",
 *   stageRecordId: "rec-1", workflowContext: { extract: { text: "..." } }, storage,
 * });
 * ctx.require("extract"); // { text: "..." }
 * ```
 */
export function createStageContext<
  TInput,
  TConfig,
  TWorkflowContext extends WorkflowContextShape = WorkflowContextShape,
>(
  options: CreateStageContextOptions<TInput, TConfig, TWorkflowContext>,
): StageContext<TInput, TConfig, TWorkflowContext> {
  const outputs: Readonly<Partial<TWorkflowContext>> = Object.freeze({
    ...options.workflowContext,
  });
  const lookup = <K extends keyof TWorkflowContext & string>(
    id: K,
  ): TWorkflowContext[K] | undefined => (Object.hasOwn(outputs, id) ? outputs[id] : undefined);

  return Object.freeze({
    input: options.input,
    config: options.config,
    workflowRunId: options.workflowRunId,
    stageId: options.stageId,
    stageRecordId: options.stageRecordId,
    attempt: options.attempt ?? 1,
    workflowContext: outputs,
    storage: options.storage,
    log: options.log ?? discard,
    onProgress: options.onProgress ?? discard,
    resumeState: options.resumeState,
    signal: options.signal ?? new AbortController().signal,
    usage: options.usage ?? createUsageRecorder(),
    schemas: options.schemas,
    clock: options.clock ?? systemStageClock,
    ...(options.telemetry === undefined ? {} : { telemetry: options.telemetry }),
    optional: lookup,
    require<K extends keyof TWorkflowContext & string>(id: K): TWorkflowContext[K] {
      const value = lookup(id);
      if (value === undefined) throw new MissingStageOutputError(options.stageId, id);
      return value;
    },
  });
}
