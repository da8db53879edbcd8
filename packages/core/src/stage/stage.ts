import type { z } from "zod";
import type { CheckCompletionContext } from "../context/check-completion-context";
import type { StageContext } from "../context/stage-context";
import type { WorkflowContextShape } from "../context/workflow-context";
import type { RetryPolicy } from "./retry-policy";
import type {
  CompletionCheckResult,
  StageResult,
  SuspendedResult,
  SuspendedState,
} from "./stage-result";

/** How a stage runs: to completion in one go, or suspending on a provider batch. */
export type StageMode = "sync" | "async-batch";

/** The zod schemas of a stage. `input: "none"` means the stage reads no input. */
export interface StageSchemas<TInput, TOutput, TConfig> {
  /** Schema of `ctx.input`, or `"none"`. */
  readonly input: z.ZodType<TInput> | "none";
  /** Schema of the stage output. */
  readonly output: z.ZodType<TOutput>;
  /** Schema of the stage config (give every field a default to make config optional). */
  readonly config: z.ZodType<TConfig>;
}

/**
 * Type-only record of a stage's type parameters, read by the `Infer*` helpers.
 * Never present at run time.
 */
export interface StageTypes<TId extends string, TInput, TOutput, TConfig, TContext> {
  /** The stage id. */
  readonly id: TId;
  /** The parsed input. */
  readonly input: TInput;
  /** The output. */
  readonly output: TOutput;
  /** The parsed config. */
  readonly config: TConfig;
  /** Outputs of earlier stages the stage reads (stage id → output). */
  readonly context: TContext;
}

/** Fields shared by both kinds of stage. */
export interface StageBase<
  TId extends string,
  TInput,
  TOutput,
  TConfig,
  TContext extends WorkflowContextShape,
> {
  /** Unique id within a workflow (`[A-Za-z0-9._:-]+`). */
  readonly id: TId;
  /** Human-readable name. */
  readonly name: string;
  /** Optional longer description. */
  readonly description: string | undefined;
  /** Ids of stages whose output this one reads; each must be in an earlier group. */
  readonly dependencies: readonly string[];
  /** The stage's zod schemas. */
  readonly schemas: StageSchemas<TInput, TOutput, TConfig>;
  /** The stage's own retry policy (unset fields use the default). */
  readonly retry: RetryPolicy | undefined;
  /** Type-only carrier of the type parameters; never present at run time. */
  readonly "~types"?: StageTypes<TId, TInput, TOutput, TConfig, TContext>;
}

/** A stage that runs to completion in one execution. Create with `defineStage`. */
export interface SyncStage<
  TId extends string = string,
  TInput = unknown,
  TOutput = unknown,
  TConfig = unknown,
  TContext extends WorkflowContextShape = WorkflowContextShape,
> extends StageBase<TId, TInput, TOutput, TConfig, TContext> {
  /** Always `"sync"`. */
  readonly mode: "sync";
  /** The stage body. */
  execute(ctx: StageContext<TInput, TConfig, TContext>): Promise<StageResult<TOutput>>;
}

/**
 * A stage that may suspend on a provider batch and complete later, when `checkCompletion`
 * reports ready. Create with `defineAsyncBatchStage`.
 */
export interface AsyncBatchStage<
  TId extends string = string,
  TInput = unknown,
  TOutput = unknown,
  TConfig = unknown,
  TContext extends WorkflowContextShape = WorkflowContextShape,
> extends StageBase<TId, TInput, TOutput, TConfig, TContext> {
  /** Always `"async-batch"`. */
  readonly mode: "async-batch";
  /** The stage body: completes, or submits a batch and returns a {@link SuspendedResult}. */
  execute(
    ctx: StageContext<TInput, TConfig, TContext>,
  ): Promise<StageResult<TOutput> | SuspendedResult>;
  /** Polled while suspended: reports whether the batch finished, and its output. */
  checkCompletion(
    state: SuspendedState,
    ctx: CheckCompletionContext<TConfig>,
  ): Promise<CompletionCheckResult<TOutput>>;
  /**
   * Optional: cancels the vendor batch when the suspended stage ends without completing — the run
   * was cancelled (`reason: "cancelled"`) or the stage passed its `maxWaitTime`
   * (`reason: "timeout"`). Called best-effort, outside any transaction, after the stage is already
   * CANCELLED/FAILED; errors are logged, never retried. Usage recorded here is not added to the
   * run's totals. E.g. `await ai.batch(model, provider).cancel(state.batchId)`.
   */
  onCancel?(
    state: SuspendedState,
    ctx: CheckCompletionContext<TConfig>,
    reason: AsyncBatchCancelReason,
  ): Promise<void>;
}

/** Why `onCancel` of an async-batch stage is called: the run was cancelled or the stage timed out. */
export type AsyncBatchCancelReason = "cancelled" | "timeout";

/**
 * A stage of either mode.
 *
 * @typeParam TId - the stage id (a string literal when inferred).
 * @typeParam TInput - the parsed input (`undefined` for `input: "none"`).
 * @typeParam TOutput - the output.
 * @typeParam TConfig - the parsed config.
 * @typeParam TContext - stage id → output of the earlier stages it reads.
 */
export type Stage<
  TId extends string = string,
  TInput = unknown,
  TOutput = unknown,
  TConfig = unknown,
  TContext extends WorkflowContextShape = WorkflowContextShape,
> =
  | SyncStage<TId, TInput, TOutput, TConfig, TContext>
  | AsyncBatchStage<TId, TInput, TOutput, TConfig, TContext>;

/** Any stage, whatever its types. */
export type AnyStage = Stage<string, unknown, unknown, unknown, WorkflowContextShape>;
