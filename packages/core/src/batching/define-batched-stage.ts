import type { z } from "zod";
import type { CheckCompletionContext } from "../context/check-completion-context";
import type { WorkflowContextShape } from "../context/workflow-context";
import {
  type DefinedAsyncBatchStage,
  defineAsyncBatchStage,
} from "../stage/define-async-batch-stage";
import type {
  InputSchemaOption,
  StageContextFor,
  StageDefinitionBase,
} from "../stage/stage-definition";
import type { CompletionCheckResult, SuspendedState } from "../stage/stage-result";
import type { BatchedResult } from "./batched-outcome";
import type { BatchedRequest, BatchedRequestSpec, BatchedResultOf } from "./batched-request";

/** The requests of a batched stage, by key (`[A-Za-z0-9_-]{1,40}`). */
export type BatchedRequests = Readonly<Record<string, BatchedRequest<unknown>>>;

/** What `complete` of a batched stage receives: each request's result under its key, typed. */
export type BatchedResults<TRequests extends BatchedRequests> = {
  readonly [K in keyof TRequests]: BatchedResult<BatchedResultOf<TRequests[K]>>;
};

/** The marker a batched stage keeps in its suspended state (`state.crossRunBatch`). */
export interface CrossRunBatchState {
  /** Format version. */
  readonly v: 1;
  /** The request keys, in the order the stage gave them. */
  readonly keys: readonly string[];
}

/** Default longest wait for a batched stage's results: 24 hours (the providers' batch window). */
export const DEFAULT_BATCHED_MAX_WAIT_MS = 24 * 3_600_000;

/** Argument of {@link defineBatchedStage}. */
export interface BatchedStageDefinition<
  TId extends string,
  TInputSchema extends InputSchemaOption,
  TOutputSchema extends z.ZodType,
  TConfigSchema extends z.ZodType,
  TContext extends WorkflowContextShape,
  TRequests extends BatchedRequests,
> extends StageDefinitionBase<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext> {
  /**
   * Phase 1: the AI requests to hand to the engine (build them with `batched.text`,
   * `batched.object`, `batched.embedding`). The engine stores them with the stage's suspension,
   * batches them with the requests of other runs, and resumes the stage when all have a result.
   * May run again on a retried attempt; the requests of a failed attempt are not reused.
   */
  requests(
    ctx: StageContextFor<TInputSchema, TConfigSchema, TContext, TOutputSchema>,
  ): TRequests | Promise<TRequests>;
  /**
   * Phase 2: the stage's output from the results (every request succeeded; a failed request
   * fails the attempt, which is retried by the stage's retry policy). Runs in the resuming
   * process with the check's context (`config`, `storage`, `log`, `clock`, `usage`).
   */
  complete(
    results: BatchedResults<TRequests>,
    ctx: CheckCompletionContext<z.output<TConfigSchema>>,
  ): z.output<TOutputSchema> | Promise<z.output<TOutputSchema>>;
  /** Longest wait for the results, from suspension (ms). Default 24 hours. */
  readonly maxWaitTime?: number;
}

/** Key of a batched request: letters, digits, `_`, `-`; at most 40 characters. */
export const BATCHED_REQUEST_KEY = /^[A-Za-z0-9_-]{1,40}$/;

/** The results of `complete` from the outcomes the kernel handed the check (see the context). */
function collectResults(
  keys: readonly string[],
  ctx: CheckCompletionContext<unknown>,
):
  | { readonly kind: "ready"; readonly results: Record<string, BatchedResult<unknown>> }
  | { readonly kind: "waiting" }
  | { readonly kind: "failed"; readonly error: string } {
  const outcomes = ctx.batchedRequests;
  if (outcomes === undefined) {
    return {
      kind: "failed",
      error: "the kernel has no cross-run batching (createKernel({ aiBatching }))",
    };
  }
  const results: Record<string, BatchedResult<unknown>> = {};
  const failures: string[] = [];
  let waiting = false;
  for (const key of keys) {
    const outcome = outcomes[key];
    if (outcome === undefined || outcome.status === "pending") {
      waiting = true;
      continue;
    }
    const usage = {
      provider: outcome.provider,
      model: outcome.model,
      inputTokens: outcome.inputTokens,
      outputTokens: outcome.outputTokens,
      cost: outcome.cost,
    };
    if (outcome.status !== "succeeded") {
      failures.push(`${key}: ${outcome.error ?? outcome.status}`);
      continue;
    }
    results[key] = { value: outcome.value, ...usage };
  }
  if (failures.length > 0) {
    return { kind: "failed", error: `batched request failed (${failures.join("; ")})` };
  }
  return waiting ? { kind: "waiting" } : { kind: "ready", results };
}

/** Records the batch usage of every request that has a result, once, in the check's usage. */
function recordUsage(keys: readonly string[], ctx: CheckCompletionContext<unknown>): void {
  for (const key of keys) {
    const outcome = ctx.batchedRequests?.[key];
    if (outcome === undefined || outcome.status === "pending" || outcome.status === "cancelled") {
      continue;
    }
    ctx.usage.record({
      model: outcome.model,
      provider: outcome.provider,
      inputTokens: outcome.inputTokens,
      outputTokens: outcome.outputTokens,
      cost: outcome.cost,
      batch: true,
    });
  }
}

/** Builds the async-batch stage of a batched definition (see {@link defineBatchedStage}). */
function createBatchedStage<
  TInputSchema extends InputSchemaOption,
  TOutputSchema extends z.ZodType,
  TConfigSchema extends z.ZodType,
  TRequests extends BatchedRequests,
  TContext extends WorkflowContextShape = WorkflowContextShape,
  TId extends string = string,
>(
  definition: BatchedStageDefinition<
    TId,
    TInputSchema,
    TOutputSchema,
    TConfigSchema,
    TContext,
    TRequests
  >,
): DefinedAsyncBatchStage<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext> {
  const maxWaitTime = definition.maxWaitTime ?? DEFAULT_BATCHED_MAX_WAIT_MS;
  const complete = async (
    state: SuspendedState,
    ctx: CheckCompletionContext<z.output<TConfigSchema>>,
  ): Promise<CompletionCheckResult<z.output<TOutputSchema>>> => {
    const marker = state.crossRunBatch as CrossRunBatchState | undefined;
    const keys = marker?.keys ?? [];
    const collected = collectResults(keys, ctx);
    if (collected.kind === "waiting") return { ready: false };
    recordUsage(keys, ctx);
    if (collected.kind === "failed") return { ready: false, error: collected.error };
    const output = await definition.complete.call(
      definition,
      collected.results as BatchedResults<TRequests>,
      ctx,
    );
    return { ready: true, output };
  };
  return defineAsyncBatchStage<TInputSchema, TOutputSchema, TConfigSchema, TContext, TId>({
    id: definition.id,
    name: definition.name,
    ...(definition.description === undefined ? {} : { description: definition.description }),
    ...(definition.dependencies === undefined ? {} : { dependencies: definition.dependencies }),
    ...(definition.retry === undefined ? {} : { retry: definition.retry }),
    schemas: definition.schemas,
    mode: "async-batch",
    async execute(ctx) {
      const requests = await definition.requests.call(definition, ctx);
      const keys = Object.keys(requests);
      const batchedRequests: Record<string, BatchedRequestSpec> = { ...requests };
      return {
        suspended: true,
        state: {
          batchId: `cross-run:${ctx.stageRecordId}:${ctx.attempt}`,
          submittedAt: ctx.clock.now().toISOString(),
          // The engine wakes the stage when its results are in; the poll interval only bounds
          // the wait (a check at the deadline fails the stage as timed out).
          pollInterval: maxWaitTime,
          maxWaitTime,
          crossRunBatch: { v: 1, keys } satisfies CrossRunBatchState,
        },
        batchedRequests,
      };
    },
    checkCompletion: complete,
  });
}

/** Signature of {@link defineBatchedStage}, including its `withContext` variant. */
export interface DefineBatchedStage {
  /** Defines a stage whose AI requests are batched across runs (see {@link defineBatchedStage}). */
  <
    TInputSchema extends InputSchemaOption,
    TOutputSchema extends z.ZodType,
    TConfigSchema extends z.ZodType,
    TRequests extends BatchedRequests,
    TContext extends WorkflowContextShape = WorkflowContextShape,
    TId extends string = string,
  >(
    definition: BatchedStageDefinition<
      TId,
      TInputSchema,
      TOutputSchema,
      TConfigSchema,
      TContext,
      TRequests
    >,
  ): DefinedAsyncBatchStage<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext>;

  /** Fixes the context type (outputs of earlier stages) and returns a `defineBatchedStage`. */
  withContext<TContext extends WorkflowContextShape>(): <
    TInputSchema extends InputSchemaOption,
    TOutputSchema extends z.ZodType,
    TConfigSchema extends z.ZodType,
    TRequests extends BatchedRequests,
    TId extends string,
  >(
    definition: BatchedStageDefinition<
      TId,
      TInputSchema,
      TOutputSchema,
      TConfigSchema,
      TContext,
      TRequests
    >,
  ) => DefinedAsyncBatchStage<TId, TInputSchema, TOutputSchema, TConfigSchema, TContext>;
}

/**
 * Defines a stage whose AI requests are batched **across runs**: `requests(ctx)` hands them to
 * the engine and the stage suspends; the engine's collector (`aiBatch.flush`) submits the
 * waiting requests of every run as one provider batch per provider and model, polls that batch
 * once for all of them, and resumes each stage with its own results, which `complete` turns
 * into the output. Types follow the requests: `results.facts.value` has the output type of the
 * schema given to `batched.object`. The stage is an async-batch stage (`mode: "async-batch"`):
 * it fits anywhere a `defineAsyncBatchStage` stage does. `defineBatchedStage.withContext<C>()`
 * types `ctx.require` for stages that read earlier outputs.
 *
 * @example
 * ```ts
 * const tag = defineBatchedStage({
 *   id: "tag", name: "Tag",
 *   schemas: { input: z.object({ text: z.string() }), output: z.object({ tags: z.array(z.string()) }), config: z.object({}) },
 *   requests: (ctx) => ({ tags: batched.object("gpt-4o-mini", ctx.input.text, z.object({ tags: z.array(z.string()) })) }),
 *   complete: (results) => ({ tags: results.tags.value.tags }),
 * });
 * ```
 *
 * @throws `WorkflowDefinitionError` for a bad definition (as `defineAsyncBatchStage`).
 */
export const defineBatchedStage: DefineBatchedStage = Object.assign(createBatchedStage, {
  withContext: () => createBatchedStage,
});
