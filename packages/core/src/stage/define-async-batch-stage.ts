import type { z } from "zod";
import type { CheckCompletionContext } from "../context/check-completion-context";
import type { WorkflowContextShape } from "../context/workflow-context";
import type { AsyncBatchCancelReason, AsyncBatchStage } from "./stage";
import {
  type AsyncBatchStageDefinition,
  freezeSchemas,
  type InferInputOption,
  type InputSchemaOption,
  type StageContextFor,
} from "./stage-definition";
import type { SuspendedState } from "./stage-result";
import { validateStageDefinition } from "./validate-stage-definition";

/** The stage `defineAsyncBatchStage` returns for a definition's schemas, context and id. */
export type DefinedAsyncBatchStage<
  TId extends string,
  TInputSchema extends InputSchemaOption,
  TOutputSchema extends z.ZodType,
  TConfigSchema extends z.ZodType,
  TContext extends WorkflowContextShape,
> = AsyncBatchStage<
  TId,
  InferInputOption<TInputSchema>,
  z.output<TOutputSchema>,
  z.output<TConfigSchema>,
  TContext
>;

function createAsyncBatchStage<
  TId extends string,
  TInputSchema extends InputSchemaOption,
  TOutputSchema extends z.ZodType,
  TConfigSchema extends z.ZodType,
  TContext extends WorkflowContextShape,
>(
  definition: AsyncBatchStageDefinition<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext>,
): DefinedAsyncBatchStage<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext> {
  validateStageDefinition(definition);
  const { execute, checkCompletion, onCancel } = definition;
  return Object.freeze({
    id: definition.id,
    name: definition.name,
    description: definition.description,
    mode: "async-batch",
    dependencies: Object.freeze([...(definition.dependencies ?? [])]),
    schemas: freezeSchemas(definition.schemas),
    retry: definition.retry,
    // The runtime passes the stage's own (frozen) schemas as `ctx.schemas`, so the context is
    // the definition's, with its exact schema types.
    execute: (ctx) =>
      execute.call(
        definition,
        ctx as unknown as StageContextFor<TInputSchema, TConfigSchema, TContext, TOutputSchema>,
      ),
    checkCompletion: (state, ctx) => checkCompletion.call(definition, state, ctx),
    ...(onCancel === undefined
      ? {}
      : {
          onCancel: (
            state: SuspendedState,
            ctx: CheckCompletionContext<z.output<TConfigSchema>>,
            reason: AsyncBatchCancelReason,
          ) => onCancel.call(definition, state, ctx, reason),
        }),
  } satisfies DefinedAsyncBatchStage<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext>);
}

/** Signature of {@link defineAsyncBatchStage}, including its `withContext` variant. */
export interface DefineAsyncBatchStage {
  /**
   * Defines a stage that may suspend on a provider batch API. `mode: "async-batch"` and
   * `checkCompletion` are required. The definition is checked at once; the result is frozen.
   *
   * @throws {@link WorkflowDefinitionError} (`INVALID_STAGE_DEFINITION`) for a bad definition.
   */
  <
    TInputSchema extends InputSchemaOption,
    TOutputSchema extends z.ZodType,
    TConfigSchema extends z.ZodType,
    TContext extends WorkflowContextShape = WorkflowContextShape,
    TId extends string = string,
  >(
    definition: AsyncBatchStageDefinition<
      TId,
      TInputSchema,
      TOutputSchema,
      TConfigSchema,
      TContext
    >,
  ): DefinedAsyncBatchStage<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext>;

  /** Fixes the context type and returns a `defineAsyncBatchStage` that infers the rest. */
  withContext<TContext extends WorkflowContextShape>(): <
    TInputSchema extends InputSchemaOption,
    TOutputSchema extends z.ZodType,
    TConfigSchema extends z.ZodType,
    TId extends string,
  >(
    definition: AsyncBatchStageDefinition<
      TId,
      TInputSchema,
      TOutputSchema,
      TConfigSchema,
      TContext
    >,
  ) => DefinedAsyncBatchStage<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext>;
}

/**
 * Defines a stage that submits work to a provider batch API, suspends, and completes when
 * `checkCompletion` reports the batch ready.
 *
 * @example
 * ```ts
 * const embed = defineAsyncBatchStage({
 *   id: "embed", name: "Embed", mode: "async-batch",
 *   schemas: { input: "none", output: Out, config: z.object({}) },
 *   async execute(ctx) {
 *     const handle = await submitBatch();
 *     return { suspended: true, state: { batchId: handle.id, submittedAt: new Date().toISOString(),
 *       pollInterval: 30_000, maxWaitTime: 3_600_000 },
 *       pollConfig: { pollInterval: 30_000, maxWaitTime: 3_600_000, nextPollAt: new Date(Date.now() + 30_000) } };
 *   },
 *   async checkCompletion(state) {
 *     const done = await getResults(state.batchId);
 *     return done ? { ready: true, output: done } : { ready: false, nextCheckIn: 30_000 };
 *   },
 * });
 * ```
 */
export const defineAsyncBatchStage: DefineAsyncBatchStage = Object.assign(createAsyncBatchStage, {
  withContext: () => createAsyncBatchStage,
});
