import type { StageSchemas } from "../stage/stage";
import type { SuspendedState } from "../stage/stage-result";
import type { LogFunction, ProgressFunction } from "./log";
import type { StageClock } from "./stage-clock";
import type { StageStorage } from "./stage-storage";
import type { StageTelemetry } from "./stage-telemetry";
import type { UsageRecorder } from "./usage-recorder";
import type { WorkflowContextShape } from "./workflow-context";

/**
 * What a stage body receives.
 *
 * @typeParam TInput - the parsed stage input (`undefined` for `input: "none"`).
 * @typeParam TConfig - the parsed stage config.
 * @typeParam TWorkflowContext - stage id → output of the stages this one may read. Declared
 *   on the stage; `WorkflowBuilder` checks at compile time that earlier groups provide it.
 * @typeParam TSchemas - the type of `ctx.schemas`; a stage defined with `defineStage` sees its
 *   exact zod schemas (so `ctx.schemas.output` keeps its output type).
 */
export interface StageContext<
  TInput,
  TConfig,
  TWorkflowContext extends WorkflowContextShape = WorkflowContextShape,
  TSchemas = StageSchemas<TInput, unknown, TConfig>,
> {
  /** The stage input, parsed by its input schema. */
  readonly input: TInput;
  /** The stage config, parsed by its config schema (defaults applied). */
  readonly config: TConfig;
  /** Id of the run. */
  readonly workflowRunId: string;
  /** Id of this stage in the workflow. */
  readonly stageId: string;
  /** Id of this stage's record in the run (for logs and AI call records). */
  readonly stageRecordId: string;
  /** 1-based attempt number of this execution. */
  readonly attempt: number;
  /**
   * Output of an earlier stage.
   *
   * @throws {@link MissingStageOutputError} when that stage has produced no output.
   */
  require<K extends keyof TWorkflowContext & string>(stageId: K): TWorkflowContext[K];
  /** Output of an earlier stage, or `undefined` when it has produced none. */
  optional<K extends keyof TWorkflowContext & string>(stageId: K): TWorkflowContext[K] | undefined;
  /** Outputs of the earlier stages available to this one, keyed by stage id. */
  readonly workflowContext: Readonly<Partial<TWorkflowContext>>;
  /** Artifact storage scoped to this stage of this run. */
  readonly storage: StageStorage;
  /** Writes a log line attributed to this stage. */
  readonly log: LogFunction;
  /** Reports progress of this stage: `progress` is a fraction 0..1. */
  readonly onProgress: ProgressFunction;
  /** The stage's own zod schemas (`input`, `output`, `config`), e.g. for `generateObject`. */
  readonly schemas: TSchemas;
  /** The kernel's clock (a `FakeClock` in tests); use it instead of `Date.now()`. */
  readonly clock: StageClock;
  /** The suspended state when an async-batch stage is resumed; `undefined` otherwise. */
  readonly resumeState: SuspendedState | undefined;
  /** Aborted when the run is cancelled or this worker loses the job's lease. */
  readonly signal: AbortSignal;
  /** Records AI usage; totals roll up into the run's cost and token counts. */
  readonly usage: UsageRecorder;
  /**
   * Telemetry for the clients this stage calls (the AI helper picks it up from the context):
   * set when the kernel was created with a `telemetry` option, `undefined` otherwise.
   */
  readonly telemetry?: StageTelemetry | undefined;
}
