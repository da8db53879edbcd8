import {
  type AnyStage,
  type AnyWorkflow,
  defineAsyncBatchStage,
  defineStage,
  type RetryPolicy,
  type SuspendedState,
  WorkflowBuilder,
} from "@stageflow/core";
import { z } from "zod";

/** A stage `id` whose output is `{ by: id, saw: <its input> }`, with an optional hook. */
export function echoStage(
  id: string,
  options: {
    readonly onExecute?: (input: unknown, attempt: number) => void | Promise<void>;
    readonly retry?: RetryPolicy;
    readonly input?: z.ZodType | "none";
  } = {},
) {
  return defineStage({
    id,
    name: `Stage ${id}`,
    retry: options.retry,
    schemas: {
      input: options.input ?? z.unknown(),
      output: z.object({ by: z.string(), saw: z.unknown() }),
      config: z.object({ label: z.string().default(id) }),
    },
    async execute(ctx) {
      await options.onExecute?.(ctx.input, ctx.attempt);
      return { output: { by: ctx.config.label, saw: ctx.input ?? null } };
    },
  });
}

/** `linear`: a → b → c, input `{ text: string }`. */
export function linearWorkflow(hooks: Parameters<typeof echoStage>[1] = {}) {
  return new WorkflowBuilder(
    "linear",
    "Linear",
    "a then b then c",
    z.object({ text: z.string() }),
    z.unknown(),
  )
    .pipe(echoStage("a", hooks))
    .pipe(echoStage("b"))
    .pipe(echoStage("c"))
    .build();
}

/** `diamond`: a → [b, c] → d. */
export function diamondWorkflow() {
  return new WorkflowBuilder(
    "diamond",
    "Diamond",
    "a, then b and c, then d",
    z.object({ n: z.number() }),
    z.unknown(),
  )
    .pipe(echoStage("a"))
    .parallel([echoStage("b"), echoStage("c")])
    .pipe(echoStage("d"))
    .build();
}

/** `parallel`: [x, y] only. */
export function parallelWorkflow() {
  return new WorkflowBuilder(
    "parallel",
    "Parallel",
    "x and y",
    z.object({ n: z.number() }),
    z.unknown(),
  )
    .parallel([echoStage("x"), echoStage("y")])
    .build();
}

/** Controls of the fake batch provider used by {@link batchWorkflow}. */
export interface FakeBatch {
  /** What the next `checkCompletion` answers. */
  next: "pending" | "ready" | "failed" | "throw";
  nextCheckIn?: number;
  checks: number;
  /** State returned by `execute` (overridable to test validation). */
  state?: Record<string, unknown>;
  /** Called at the start of every check. */
  onCheck?: () => Promise<void>;
  /** Calls of `onCancel` are recorded here when set. */
  cancels?: Array<{ state: SuspendedState; reason: string; stageStatus: string | undefined }>;
  /** Makes `onCancel` throw. */
  cancelThrows?: boolean;
  /** Reads the stage's status during `onCancel` (outside any transaction). */
  readStageStatus?: () => Promise<string | undefined>;
}

/** `batch`: prepare → embed (async-batch, suspends) → finish. */
export function batchWorkflow(batch: FakeBatch, pollInterval = 60_000, maxWaitTime = 3_600_000) {
  const embed = defineAsyncBatchStage({
    id: "embed",
    name: "Embed",
    mode: "async-batch",
    schemas: {
      input: z.object({ by: z.string(), saw: z.unknown() }),
      output: z.object({ vectors: z.array(z.number()) }),
      config: z.object({}),
    },
    async execute(ctx) {
      await ctx.storage.save("request", { count: 3 });
      ctx.usage.record({ model: "m", inputTokens: 10, outputTokens: 0, cost: 0.5, batch: true });
      return {
        suspended: true,
        state: (batch.state as SuspendedState | undefined) ?? {
          batchId: "batch-1",
          submittedAt: "2025-01-01T00:00:00.000Z",
          pollInterval,
          maxWaitTime,
        },
        pollConfig: {
          pollInterval,
          maxWaitTime,
          nextPollAt: new Date(Date.parse("2025-01-01T00:00:00.000Z") + pollInterval),
        },
      };
    },
    async checkCompletion(state, ctx) {
      batch.checks++;
      await batch.onCheck?.();
      ctx.log("DEBUG", `checking ${state.batchId}`);
      if (batch.next === "throw") throw new Error("provider unreachable");
      if (batch.next === "failed")
        return { ready: false, error: "the provider cancelled the batch" };
      if (batch.next === "pending") {
        return batch.nextCheckIn === undefined
          ? { ready: false }
          : { ready: false, nextCheckIn: batch.nextCheckIn };
      }
      const request = await ctx.storage.load<{ count: number }>("request");
      ctx.usage.record({ model: "m", inputTokens: 0, outputTokens: 20, cost: 0.25, batch: true });
      return {
        ready: true,
        output: { vectors: Array.from({ length: request?.count ?? 0 }, (_, i) => i) },
      };
    },
    async onCancel(state, ctx, reason) {
      const stageStatus = await batch.readStageStatus?.();
      batch.cancels?.push({ state, reason, stageStatus });
      ctx.log("INFO", `cancelling ${state.batchId}`);
      ctx.usage.record({ model: "m", inputTokens: 1, outputTokens: 1, cost: 9, batch: true });
      if (batch.cancelThrows === true) throw new Error("vendor said no");
    },
  });
  return new WorkflowBuilder(
    "batch",
    "Batch",
    "prepare, embed, finish",
    z.object({ text: z.string() }),
    z.unknown(),
  )
    .pipe(echoStage("prepare"))
    .pipe(embed)
    .pipe(echoStage("finish"))
    .build();
}

/** A workflow `id` made of the given groups (a stage or an array of stages per group). */
export function workflowOf(
  id: string,
  groups: ReadonlyArray<AnyStage | readonly AnyStage[]>,
  outputSchema: z.ZodType = z.unknown(),
) {
  let builder = new WorkflowBuilder(id, id, id, z.unknown(), outputSchema) as unknown as {
    pipe(stage: AnyStage): typeof builder;
    parallel(stages: readonly AnyStage[]): typeof builder;
    build(): AnyWorkflow;
  };
  for (const group of groups) {
    builder = Array.isArray(group) ? builder.parallel(group) : builder.pipe(group as AnyStage);
  }
  return builder.build();
}
