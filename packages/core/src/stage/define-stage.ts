import type { z } from "zod";
import type { WorkflowContextShape } from "../context/workflow-context";
import type { SyncStage } from "./stage";
import {
  freezeSchemas,
  type InferInputOption,
  type InputSchemaOption,
  type StageContextFor,
  type SyncStageDefinition,
} from "./stage-definition";
import { validateStageDefinition } from "./validate-stage-definition";

/** The stage `defineStage` returns for a definition's schemas, context and id. */
export type DefinedSyncStage<
  TId extends string,
  TInputSchema extends InputSchemaOption,
  TOutputSchema extends z.ZodType,
  TConfigSchema extends z.ZodType,
  TContext extends WorkflowContextShape,
> = SyncStage<
  TId,
  InferInputOption<TInputSchema>,
  z.output<TOutputSchema>,
  z.output<TConfigSchema>,
  TContext
>;

function createSyncStage<
  TId extends string,
  TInputSchema extends InputSchemaOption,
  TOutputSchema extends z.ZodType,
  TConfigSchema extends z.ZodType,
  TContext extends WorkflowContextShape,
>(
  definition: SyncStageDefinition<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext>,
): DefinedSyncStage<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext> {
  const mode = definition.mode ?? "sync";
  validateStageDefinition({ ...definition, mode });
  const execute = definition.execute;
  return Object.freeze({
    id: definition.id,
    name: definition.name,
    description: definition.description,
    mode: "sync",
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
  } satisfies DefinedSyncStage<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext>);
}

/** Signature of {@link defineStage}, including its `withContext` variant. */
export interface DefineStage {
  /**
   * Defines a stage that runs to completion in one execution. The definition is checked
   * at once; the result is frozen.
   *
   * @typeParam TContext - stage id → output of the earlier stages the body reads with
   *   `ctx.require` / `ctx.optional`. Pass it explicitly (`defineStage<"none", typeof Out,
   *   typeof Config, MyContext>(...)`; the id is then typed `string`) or use
   *   {@link DefineStage.withContext} to keep every other type inferred.
   * @throws {@link WorkflowDefinitionError} (`INVALID_STAGE_DEFINITION`) for a bad definition.
   */
  <
    TInputSchema extends InputSchemaOption,
    TOutputSchema extends z.ZodType,
    TConfigSchema extends z.ZodType,
    TContext extends WorkflowContextShape = WorkflowContextShape,
    TId extends string = string,
  >(
    definition: SyncStageDefinition<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext>,
  ): DefinedSyncStage<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext>;

  /**
   * Fixes the context type and returns a `defineStage` that infers everything else,
   * including the literal id.
   *
   * @example
   * ```ts
   * const merge = defineStage.withContext<InferWorkflowContext<typeof upToSummarize>>()({
   *   id: "merge", ..., async execute(ctx) { const { text } = ctx.require("extract"); ... },
   * });
   * ```
   */
  withContext<TContext extends WorkflowContextShape>(): <
    TInputSchema extends InputSchemaOption,
    TOutputSchema extends z.ZodType,
    TConfigSchema extends z.ZodType,
    TId extends string,
  >(
    definition: SyncStageDefinition<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext>,
  ) => DefinedSyncStage<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext>;
}

/**
 * Defines a stage that runs to completion in one execution.
 *
 * @example
 * ```ts
 * const extract = defineStage({
 *   id: "extract",
 *   name: "Extract",
 *   schemas: {
 *     input: z.object({ url: z.string() }),
 *     output: z.object({ text: z.string() }),
 *     config: z.object({ maxPages: z.number().default(100) }),
 *   },
 *   async execute(ctx) {
 *     return { output: { text: await fetchText(ctx.input.url, ctx.config.maxPages) } };
 *   },
 * });
 * ```
 */
export const defineStage: DefineStage = Object.assign(createSyncStage, {
  withContext: () => createSyncStage,
});
