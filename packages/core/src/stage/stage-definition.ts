import type { z } from "zod";
import type { CheckCompletionContext } from "../context/check-completion-context";
import type { StageContext } from "../context/stage-context";
import type { WorkflowContextShape } from "../context/workflow-context";
import type { RetryPolicy } from "./retry-policy";
import type { AsyncBatchCancelReason, StageSchemas } from "./stage";
import type {
  CompletionCheckResult,
  StageResult,
  SuspendedResult,
  SuspendedState,
} from "./stage-result";

/** Schema accepted for a stage input: a zod schema, or `"none"` when the stage reads no input. */
export type InputSchemaOption = z.ZodType | "none";

/** The parsed input type for an {@link InputSchemaOption}: `undefined` for `"none"`. */
export type InferInputOption<T extends InputSchemaOption> = T extends z.ZodType
  ? z.output<T>
  : undefined;

/** The schemas part of a stage definition, keeping the exact zod schema types. */
export interface StageDefinitionSchemas<
  TInputSchema extends InputSchemaOption,
  TOutputSchema extends z.ZodType,
  TConfigSchema extends z.ZodType,
> {
  /** Input schema, or `"none"`. */
  readonly input: TInputSchema;
  /** Output schema. */
  readonly output: TOutputSchema;
  /** Config schema; fields with defaults may be omitted from a run's config. */
  readonly config: TConfigSchema;
}

/** The context type a stage body receives for a definition's schemas and context. */
export type StageContextFor<
  TInputSchema extends InputSchemaOption,
  TConfigSchema extends z.ZodType,
  TContext extends WorkflowContextShape,
  TOutputSchema extends z.ZodType = z.ZodType,
> = StageContext<
  InferInputOption<TInputSchema>,
  z.output<TConfigSchema>,
  TContext,
  Readonly<StageDefinitionSchemas<TInputSchema, TOutputSchema, TConfigSchema>>
>;

/** Fields shared by both kinds of stage definition. */
export interface StageDefinitionBase<
  TId extends string,
  TInputSchema extends InputSchemaOption,
  TOutputSchema extends z.ZodType,
  TConfigSchema extends z.ZodType,
  TContext extends WorkflowContextShape,
> {
  /** Unique id within a workflow (`[A-Za-z0-9._:-]+`). */
  readonly id: TId;
  /** Human-readable name. */
  readonly name: string;
  /** Optional longer description. */
  readonly description?: string;
  /** Ids of earlier stages whose output this one reads. */
  readonly dependencies?: readonly (keyof TContext & string)[];
  /** The stage's zod schemas. */
  readonly schemas: StageDefinitionSchemas<TInputSchema, TOutputSchema, TConfigSchema>;
  /** Retry policy; unset fields use `DEFAULT_RETRY_POLICY`. */
  readonly retry?: RetryPolicy;
}

/** Argument of `defineStage`. */
export interface SyncStageDefinition<
  TId extends string,
  TInputSchema extends InputSchemaOption,
  TOutputSchema extends z.ZodType,
  TConfigSchema extends z.ZodType,
  TContext extends WorkflowContextShape,
> extends StageDefinitionBase<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext> {
  /** Optional; always `"sync"`. */
  readonly mode?: "sync";
  /** The stage body. */
  execute(
    ctx: StageContextFor<TInputSchema, TConfigSchema, TContext, TOutputSchema>,
  ): Promise<StageResult<z.output<TOutputSchema>>>;
}

/** Argument of `defineAsyncBatchStage`. */
export interface AsyncBatchStageDefinition<
  TId extends string,
  TInputSchema extends InputSchemaOption,
  TOutputSchema extends z.ZodType,
  TConfigSchema extends z.ZodType,
  TContext extends WorkflowContextShape,
> extends StageDefinitionBase<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext> {
  /** Required marker: `"async-batch"`. */
  readonly mode: "async-batch";
  /** The stage body: completes, or submits a batch and returns a `SuspendedResult`. */
  execute(
    ctx: StageContextFor<TInputSchema, TConfigSchema, TContext, TOutputSchema>,
  ): Promise<StageResult<z.output<TOutputSchema>> | SuspendedResult>;
  /** Polled while suspended: reports whether the batch finished, and its output. */
  checkCompletion(
    state: SuspendedState,
    ctx: CheckCompletionContext<z.output<TConfigSchema>>,
  ): Promise<CompletionCheckResult<z.output<TOutputSchema>>>;
  /**
   * Optional: cancels the vendor batch when the suspended stage ends without completing — the run
   * was cancelled (`reason: "cancelled"`) or the stage passed its `maxWaitTime`
   * (`reason: "timeout"`). Called best-effort, outside any transaction, after the stage is already
   * CANCELLED/FAILED; errors are logged, never retried. Usage recorded here is not added to the
   * run's totals. E.g. `await ai.batch(model, provider).cancel(state.batchId)`.
   */
  onCancel?(
    state: SuspendedState,
    ctx: CheckCompletionContext<z.output<TConfigSchema>>,
    reason: AsyncBatchCancelReason,
  ): Promise<void>;
}

/**
 * The definition's schemas, frozen, typed as the stage's {@link StageSchemas}. The cast is
 * sound: `"none"` maps to `undefined` input and a zod schema to its output type.
 */
export function freezeSchemas<
  TInputSchema extends InputSchemaOption,
  TOutputSchema extends z.ZodType,
  TConfigSchema extends z.ZodType,
>(
  schemas: StageDefinitionSchemas<TInputSchema, TOutputSchema, TConfigSchema>,
): StageSchemas<InferInputOption<TInputSchema>, z.output<TOutputSchema>, z.output<TConfigSchema>> {
  return Object.freeze({ ...schemas }) as StageSchemas<
    InferInputOption<TInputSchema>,
    z.output<TOutputSchema>,
    z.output<TConfigSchema>
  >;
}
